import { AppError } from '@switchboard/core';
import { hashPassword, Prisma } from '@switchboard/db';

/** What a new account is made of, already validated. */
export interface NewUser {
  email: string;
  password: string;
  name: string;
}

function emailTaken(): AppError {
  return new AppError('conflict', 'An account with this email already exists. Sign in instead.', {
    details: [{ field: 'email', message: 'is already registered' }],
  });
}

/** Hashes the password (before any transaction: it is slow) and answers a clear conflict for a known email. */
export async function prepareUser(prisma: Prisma.TransactionClient, user: NewUser): Promise<Prisma.UserCreateInput> {
  if (await prisma.user.findUnique({ where: { email: user.email }, select: { id: true } })) throw emailTaken();
  return { email: user.email, name: user.name || null, passwordHash: await hashPassword(user.password) };
}

/** Maps the unique-email race (two sign-ups at once) to the same clear conflict. */
export function mapUserConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw emailTaken();
  throw error;
}

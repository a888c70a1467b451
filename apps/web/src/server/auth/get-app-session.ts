import { getServerSession } from 'next-auth';
import { connection } from 'next/server';
import { z } from 'zod';
import type { AppSession } from './app-session';
import { getAuthOptions } from './auth-options';

const sessionShape = z.object({
  userId: z.string().min(1),
  user: z.object({ email: z.string(), name: z.string().nullish() }),
});

/** The signed-in user of the current request (server components, route handlers), or null. */
export async function getAppSession(): Promise<AppSession | null> {
  // A session is per request: this keeps every caller out of static prerendering
  // (which would also run without DATABASE_URL at build time).
  await connection();
  const parsed = sessionShape.safeParse(await getServerSession(getAuthOptions()));
  if (!parsed.success) return null;
  return { userId: parsed.data.userId, email: parsed.data.user.email, name: parsed.data.user.name ?? null };
}

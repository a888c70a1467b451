import { AppError, isAppError } from '@switchboard/core';
import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { z } from 'zod';
import type { Role } from '../auth/roles';
import { requireRole, roleSchema } from '../auth/roles';
import type { TrpcContext } from './context';
import { toTRPCError } from './to-trpc-error';

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = isAppError(error.cause) ? error.cause : null;
    return { ...shape, data: { ...shape.data, appCode: cause?.code ?? null, fieldErrors: cause?.code === 'validation_failed' ? fieldErrorsOf(cause.details) : null } };
  },
});

// Field-level details (`[{ field, message }]`) reach forms so they can show each problem under its field.
function fieldErrorsOf(details: unknown): { field: string; message: string }[] | null {
  const parsed = z.array(z.object({ field: z.string(), message: z.string() })).safeParse(details);
  return parsed.success ? parsed.data : null;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// Every procedure goes through this, so AppErrors from any layer reach the
// client with the code from the shared table and internals stay hidden.
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

/** Requires a signed-in user; narrows `ctx.session` to non-null. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new AppError('unauthorized', 'Sign in to continue.');
  return next({ ctx: { session: ctx.session } });
});

/** Input every workspace-scoped procedure accepts; without it the selection cookie decides. */
export const workspaceInput = z.object({ workspaceId: z.uuid().optional() }).optional();

/**
 * Resolves the workspace (input `workspaceId`, else the selection cookie) and
 * the caller's role in it. A workspace the caller is not a member of is
 * reported as not found, so ids of other tenants reveal nothing.
 */
export const workspaceProcedure = protectedProcedure.input(workspaceInput).use(async ({ ctx, input, next }) => {
  const workspaceId = input?.workspaceId ?? ctx.selectedWorkspaceId;
  if (!workspaceId) throw new AppError('bad_request', 'No workspace selected.');
  const member = await ctx.prisma.member.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: ctx.session.userId } },
    select: { role: true, workspace: { select: { id: true, name: true, slug: true } } },
  });
  if (!member) throw new AppError('not_found', 'Workspace not found.');
  const role = roleSchema.parse(member.role);
  return next({ ctx: { workspace: member.workspace, role } });
});

/** A workspace procedure that also requires at least `minimum` role. */
export function roleProcedure(minimum: Role) {
  return workspaceProcedure.use(({ ctx, next }) => {
    requireRole(ctx.role, minimum);
    return next();
  });
}

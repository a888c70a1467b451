// Negative authorization for every tRPC procedure. The table below must list
// each procedure of the router, so a new one cannot be added without deciding
// who may call it: the first test fails until it is listed.
import { createTestDatabase } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../auth/app-session';
import type { Role } from '../auth/roles';
import { createInnerContext } from './context';
import { appRouter, createCaller } from './root';
import { trpcCode } from './testing/trpc-code';

/**
 * Who may call each procedure:
 * - `signedIn`: any signed-in user; it acts only on the caller's own data.
 * - a role: a member of the workspace with at least that role.
 * - `public`: no session needed (sign-up and similar).
 */
type Access = 'public' | 'signedIn' | Role;

const ACCESS: Record<string, Access> = {
  'account.signUp': 'public',
  'account.changePassword': 'signedIn',
  'invite.preview': 'public',
  'invite.signUp': 'public',
  'invite.accept': 'signedIn',
  'invite.create': 'admin',
  'invite.list': 'admin',
  'invite.revoke': 'admin',
  'member.list': 'viewer',
  'member.setRole': 'admin',
  'member.remove': 'admin',
  'onboarding.createSandboxChannel': 'admin',
  'channel.connectInfo': 'admin',
  'channel.connect': 'admin',
  'workspace.rename': 'admin',
  'workspace.list': 'signedIn',
  'workspace.select': 'signedIn',
  'workspace.overview': 'viewer',
  'channel.list': 'viewer',
  'bot.list': 'viewer',
  'bot.create': 'editor',
  'bot.update': 'editor',
  'botTest.flowRun': 'editor',
  'botTest.flowRunSend': 'editor',
  'botTest.flowRunReset': 'editor',
  'botTest.agentTurn': 'editor',
  'message.list': 'viewer',
  'message.get': 'viewer',
  'apiKey.list': 'admin',
  'apiKey.create': 'admin',
  'apiKey.rotate': 'admin',
  'apiKey.revoke': 'admin',
  'crm.settings': 'viewer',
  'crm.configure': 'admin',
  'crm.testConnection': 'admin',
  'crm.deadLetters': 'viewer',
  'conversation.list': 'viewer',
  'conversation.transcript': 'viewer',
  'conversation.setOwner': 'agent',
  'conversation.reply': 'agent',
  'conversation.templates': 'viewer',
  'flow.list': 'viewer',
  'flow.get': 'viewer',
  'flow.create': 'editor',
  'flow.import': 'editor',
  'flow.export': 'viewer',
  'flow.saveDraft': 'editor',
  'flow.publish': 'editor',
  'flow.versions': 'viewer',
  'flow.restoreVersion': 'editor',
  'ai.provider.get': 'admin',
  'ai.provider.save': 'admin',
  'ai.provider.test': 'admin',
  'ai.agent.get': 'viewer',
  'ai.agent.save': 'editor',
  'ai.knowledge.list': 'viewer',
  'ai.knowledge.upload': 'editor',
  'ai.knowledge.delete': 'editor',
  'webhook.list': 'viewer',
  'webhook.create': 'admin',
  'webhook.update': 'admin',
  'webhook.delete': 'admin',
  'webhook.rotateSecret': 'admin',
  'webhook.deliveries': 'viewer',
  'webhook.replayEvent': 'admin',
  'webhook.replayEndpoint': 'admin',
  'analytics.messages': 'viewer',
  'analytics.aiUsage': 'viewer',
  'analytics.funnel': 'viewer',
  'audit.list': 'admin',
  'audit.actions': 'admin',
};

const ROLES_LOW_TO_HIGH: Role[] = ['viewer', 'agent', 'editor', 'admin', 'owner'];

let db: TestDatabase;
let acmeId: string;
let betaId: string;
/** One member of Acme per role, and Mallory, owner of Beta only. */
const acme = {} as Record<Role, AppSession>;
let mallory: AppSession;

const procedurePaths = Object.keys((appRouter._def as { procedures: Record<string, unknown> }).procedures).sort();

/** Calls a procedure by its dotted path, as `caller.a.b(input)`. */
function call(session: AppSession | null, path: string, input: unknown): Promise<unknown> {
  let target: unknown = createCaller(createInnerContext({ session, prisma: db.prisma }));
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

beforeAll(async () => {
  db = await createTestDatabase('web_every_procedure');
  const p = db.prisma;
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  acmeId = (await p.workspace.create({ data: { name: 'Acme', slug: 'acme' } })).id;
  betaId = (await p.workspace.create({ data: { name: 'Beta', slug: 'beta' } })).id;
  for (const role of ROLES_LOW_TO_HIGH) {
    const user = await p.user.create({ data: { email: `${role}@acme.test`, name: role, passwordHash } });
    await p.member.create({ data: { workspaceId: acmeId, userId: user.id, role } });
    acme[role] = { userId: user.id, email: user.email, name: user.name };
  }
  const m = await p.user.create({ data: { email: 'mallory@beta.test', name: 'Mallory', passwordHash } });
  await p.member.create({ data: { workspaceId: betaId, userId: m.id, role: 'owner' } });
  mallory = { userId: m.id, email: m.email, name: m.name };
});

afterAll(async () => {
  await db?.drop();
});

describe('authorization of every tRPC procedure', () => {
  it('lists every procedure of the router, and only those', () => {
    expect(procedurePaths.length).toBeGreaterThan(0);
    expect(procedurePaths).toEqual(Object.keys(ACCESS).sort());
  });

  const guarded = Object.entries(ACCESS).filter(([, access]) => access !== 'public');

  it.each(guarded)('%s refuses a caller without a session', async (path) => {
    expect(await trpcCode(call(null, path, { workspaceId: acmeId }))).toBe('UNAUTHORIZED');
  });

  const workspaceScoped = Object.entries(ACCESS).filter(
    (entry): entry is [string, Role] => entry[1] !== 'public' && entry[1] !== 'signedIn',
  );

  it.each(workspaceScoped)("%s gives a member of another workspace nothing of Acme's", async (path) => {
    // Mallory is an owner, so no role check can be what stops her: only
    // membership. Not found, so Acme's existence is not even confirmed.
    expect(await trpcCode(call(mallory, path, { workspaceId: acmeId }))).toBe('NOT_FOUND');
  });

  const roleGated = workspaceScoped.filter(([, minimum]) => minimum !== 'viewer');

  it.each(roleGated)('%s refuses the role just below %s', async (path, minimum) => {
    const below = ROLES_LOW_TO_HIGH[ROLES_LOW_TO_HIGH.indexOf(minimum) - 1] as Role;
    expect(await trpcCode(call(acme[below], path, { workspaceId: acmeId }))).toBe('FORBIDDEN');
  });

  it.each(roleGated)('%s lets %s past the role check', async (path, minimum) => {
    // The bare input is incomplete for most procedures, so the call may still
    // fail on validation or a missing object, but never on authorization.
    const code = await trpcCode(call(acme[minimum], path, { workspaceId: acmeId })).catch(() => 'OK');
    expect(['FORBIDDEN', 'UNAUTHORIZED']).not.toContain(code);
  });
});

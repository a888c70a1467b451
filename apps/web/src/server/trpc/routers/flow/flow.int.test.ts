// The flow procedures through the real router on Postgres: drafts with
// optimistic concurrency, lint-gated publishing into immutable versions,
// restore, import/export, and negative authorization for every procedure.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@switchboard/db';
import type { FlowV1 } from '@switchboard/flow-engine';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { appRouter, createCaller } from '../../root';

let db: TestDatabase;
let editor: AppSession;
let viewer: AppSession;
let stranger: AppSession;
let workspaceId: string;
let otherWorkspaceId: string;

const leadCapture: unknown = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../../../../examples/flows/lead-capture.json'), 'utf8'));
const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to be rejected');
}
const trpcCode = async (promise: Promise<unknown>) => (await rejection(promise)).code;

/** The draft with a text block after Start, connected or not. */
function withText(document: FlowV1, text: string, connected: boolean): FlowV1 {
  return {
    ...document,
    nodes: [...document.nodes, { id: 'hello', type: 'text', position: { x: 0, y: 120 }, data: { text } }, { id: 'bye', type: 'end', position: { x: 0, y: 240 }, data: { reason: 'done' } }],
    edges: connected
      ? [
          { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
          { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'bye' },
        ]
      : [],
  };
}

beforeAll(async () => {
  db = await createTestDatabase('web_flows');
  process.env.DATABASE_URL = db.url;
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const [e, v, s] = await Promise.all(['e', 'v', 's'].map((n) => db.prisma.user.create({ data: { email: `${n}@example.com`, passwordHash } })));
  const workspace = await db.prisma.workspace.create({ data: { name: 'Flows', slug: 'flows' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other' } });
  await db.prisma.member.createMany({
    data: [
      { workspaceId: workspace.id, userId: e!.id, role: 'editor' },
      { workspaceId: workspace.id, userId: v!.id, role: 'viewer' },
      { workspaceId: other.id, userId: s!.id, role: 'owner' },
    ],
  });
  workspaceId = workspace.id;
  otherWorkspaceId = other.id;
  const session = (u: { id: string; email: string }): AppSession => ({ userId: u.id, email: u.email, name: null });
  editor = session(e!);
  viewer = session(v!);
  stranger = session(s!);
});
afterAll(async () => db?.drop());

describe('flow procedures', () => {
  it('creates a flow holding only Start, lists it and loads the draft with lint findings', async () => {
    const created = await callerFor(editor).flow.create({ workspaceId, name: 'Welcome' });
    expect(created).toMatchObject({ name: 'Welcome', nodeCount: 1, latestVersion: null });
    const listed = await callerFor(viewer).flow.list({ workspaceId });
    expect(listed.map((f) => f.id)).toEqual([created.id]);
    expect(listed[0]).toMatchObject({ nodeCount: 1, botName: null });
    const draft = await callerFor(viewer).flow.get({ workspaceId, flowId: created.id });
    expect(draft.document.nodes.map((n) => n.type)).toEqual(['trigger']);
    expect(draft.revision).toBe(created.draftUpdatedAt.getTime());
    expect(draft.findings.map((f) => f.code)).toContain('dead_end');
    expect(await trpcCode(callerFor(editor).flow.create({ workspaceId, name: '  ' }))).toBe('BAD_REQUEST');
  });

  it('attaches a new flow only to a bot of the same workspace', async () => {
    const ours = await db.prisma.bot.create({ data: { workspaceId, name: 'Ours', mode: 'flow' } });
    const theirs = await db.prisma.bot.create({ data: { workspaceId: otherWorkspaceId, name: 'Theirs', mode: 'flow' } });
    expect(await trpcCode(callerFor(editor).flow.create({ workspaceId, name: 'Stolen', botId: theirs.id }))).toBe('NOT_FOUND');
    const attached = await callerFor(editor).flow.create({ workspaceId, name: 'Attached', botId: ours.id });
    expect(attached).toMatchObject({ botId: ours.id, botName: 'Ours' });
    expect((await callerFor(viewer).flow.list({ workspaceId })).find((f) => f.id === attached.id)).toMatchObject({ botName: 'Ours', nodeCount: 1 });
    await db.prisma.flow.delete({ where: { id: attached.id } });
    expect(await db.prisma.flow.count({ where: { name: 'Stolen' } })).toBe(0);
  });

  it('saves a draft validated by the engine, and refuses a stale revision instead of overwriting', async () => {
    const flow = (await callerFor(editor).flow.list({ workspaceId })).find((f) => f.name === 'Welcome');
    const loaded = await callerFor(editor).flow.get({ workspaceId, flowId: flow!.id });
    const saved = await callerFor(editor).flow.saveDraft({ workspaceId, flowId: flow!.id, baseRevision: loaded.revision, document: withText(loaded.document, 'Hi!', true) });
    expect(saved.revision).toBeGreaterThan(loaded.revision);
    expect(saved.findings).toEqual([]);

    // A second tab still holding the first revision.
    const stale = await rejection(callerFor(editor).flow.saveDraft({ workspaceId, flowId: flow!.id, baseRevision: loaded.revision, document: loaded.document }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/changed elsewhere/);
    expect((await callerFor(editor).flow.get({ workspaceId, flowId: flow!.id })).document.nodes).toHaveLength(3);

    // Not a flow document: 400 with the engine's message, nothing stored.
    const bad = await rejection(
      callerFor(editor).flow.saveDraft({ workspaceId, flowId: flow!.id, baseRevision: saved.revision, document: { version: 1, name: 'x', nodes: [{ id: 'n', type: 'teleport', data: {} }] } }),
    );
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/invalid flow document/);
    expect(await trpcCode(callerFor(editor).flow.saveDraft({ workspaceId, flowId: flow!.id, baseRevision: saved.revision, document: { version: 7 } }))).toBe('BAD_REQUEST');
    expect((await callerFor(editor).flow.get({ workspaceId, flowId: flow!.id })).revision).toBe(saved.revision);
  });

  it('refuses to publish while lint errors remain, then publishes immutable numbered versions with a note', async () => {
    const flow = (await callerFor(editor).flow.list({ workspaceId })).find((f) => f.name === 'Welcome');
    const loaded = await callerFor(editor).flow.get({ workspaceId, flowId: flow!.id });
    // An empty text block is a lint error.
    const broken = await callerFor(editor).flow.saveDraft({ workspaceId, flowId: flow!.id, baseRevision: loaded.revision, document: withText({ ...loaded.document, nodes: [loaded.document.nodes[0]!], edges: [] }, '', true) });
    expect(broken.findings.some((f) => f.severity === 'error' && f.nodeId === 'hello')).toBe(true);
    const refused = await rejection(callerFor(editor).flow.publish({ workspaceId, flowId: flow!.id, revision: broken.revision, note: 'first' }));
    expect(refused.code).toBe('UNPROCESSABLE_CONTENT');
    expect(refused.message).toMatch(/lint error/);
    expect(await db.prisma.flowVersion.count({ where: { flowId: flow!.id } })).toBe(0);

    const fixed = await callerFor(editor).flow.saveDraft({ workspaceId, flowId: flow!.id, baseRevision: broken.revision, document: withText({ ...loaded.document, nodes: [loaded.document.nodes[0]!], edges: [] }, 'Hi!', true) });
    // Publishing a revision other than the current draft is a conflict, not a surprise.
    expect(await trpcCode(callerFor(editor).flow.publish({ workspaceId, flowId: flow!.id, revision: broken.revision }))).toBe('CONFLICT');
    const v1 = await callerFor(editor).flow.publish({ workspaceId, flowId: flow!.id, revision: fixed.revision, note: 'first' });
    expect(v1).toMatchObject({ version: 1, note: 'first', publishedBy: 'e@example.com' });
    const v2 = await callerFor(editor).flow.publish({ workspaceId, flowId: flow!.id, revision: fixed.revision });
    expect(v2.version).toBe(2);
    const row = await db.prisma.flowVersion.findUniqueOrThrow({ where: { id: v1.id } });
    expect((row.document as { nodes: { id: string }[] }).nodes.map((n) => n.id)).toEqual(['start', 'hello', 'bye']);
    expect(row.publishedById).toBe(editor.userId);
    expect(await db.prisma.auditLog.count({ where: { action: 'flow.published', targetId: flow!.id } })).toBe(2);
    expect((await callerFor(viewer).flow.versions({ workspaceId, flowId: flow!.id })).map((v) => v.version)).toEqual([2, 1]);
    expect((await callerFor(viewer).flow.list({ workspaceId }))[0]).toMatchObject({ latestVersion: 2 });
  });

  it('restores a version into the draft and exports what import reads back', async () => {
    const flow = (await callerFor(editor).flow.list({ workspaceId })).find((f) => f.name === 'Welcome');
    const [, v1] = await callerFor(editor).flow.versions({ workspaceId, flowId: flow!.id });
    const loaded = await callerFor(editor).flow.get({ workspaceId, flowId: flow!.id });
    const changed = await callerFor(editor).flow.saveDraft({ workspaceId, flowId: flow!.id, baseRevision: loaded.revision, document: { ...loaded.document, nodes: [loaded.document.nodes[0]!], edges: [] } });
    expect(await trpcCode(callerFor(editor).flow.restoreVersion({ workspaceId, flowId: flow!.id, versionId: v1!.id, baseRevision: loaded.revision }))).toBe('CONFLICT');
    const restored = await callerFor(editor).flow.restoreVersion({ workspaceId, flowId: flow!.id, versionId: v1!.id, baseRevision: changed.revision });
    expect(restored.document.nodes.map((n) => n.id)).toEqual(['start', 'hello', 'bye']);
    expect(restored.revision).toBeGreaterThan(changed.revision);
    expect(await db.prisma.flowVersion.count({ where: { flowId: flow!.id } })).toBe(2);

    const exported = await callerFor(viewer).flow.export({ workspaceId, flowId: flow!.id, versionId: v1!.id });
    expect(exported.fileName).toBe('welcome.v1.json');
    const imported = await callerFor(editor).flow.import({ workspaceId, document: JSON.parse(JSON.stringify(exported.document)), name: 'Copy' });
    expect(imported).toMatchObject({ name: 'Copy', nodeCount: 3 });
    expect((await callerFor(editor).flow.export({ workspaceId, flowId: imported.id })).document.nodes).toEqual(exported.document.nodes);

    const demo = await callerFor(editor).flow.import({ workspaceId, document: leadCapture });
    expect(demo.name).toBe('Lead capture (demo bot)');
    expect((await callerFor(editor).flow.get({ workspaceId, flowId: demo.id })).findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(await trpcCode(callerFor(editor).flow.import({ workspaceId, document: '{"not":"a flow"}' }))).toBe('BAD_REQUEST');
  });

  it('a viewer reads but cannot create, import, save, publish or restore', async () => {
    const flow = (await callerFor(editor).flow.list({ workspaceId })).find((f) => f.name === 'Welcome');
    const draft = await callerFor(viewer).flow.get({ workspaceId, flowId: flow!.id });
    const [version] = await callerFor(viewer).flow.versions({ workspaceId, flowId: flow!.id });
    const v = callerFor(viewer).flow;
    for (const call of [
      v.create({ workspaceId, name: 'Nope' }),
      v.import({ workspaceId, document: draft.document }),
      v.saveDraft({ workspaceId, flowId: flow!.id, baseRevision: draft.revision, document: draft.document }),
      v.publish({ workspaceId, flowId: flow!.id, revision: draft.revision }),
      v.restoreVersion({ workspaceId, flowId: flow!.id, versionId: version!.id, baseRevision: draft.revision }),
    ]) {
      expect(await trpcCode(call)).toBe('FORBIDDEN');
    }
    expect((await callerFor(viewer).flow.get({ workspaceId, flowId: flow!.id })).revision).toBe(draft.revision);
  });

  it('another workspace gets nothing through any flow procedure', async () => {
    const flow = (await callerFor(editor).flow.list({ workspaceId })).find((f) => f.name === 'Welcome');
    const draft = await callerFor(editor).flow.get({ workspaceId, flowId: flow!.id });
    const [version] = await callerFor(editor).flow.versions({ workspaceId, flowId: flow!.id });
    const ref = { flowId: flow!.id };
    // Every flow procedure, called by the other workspace's owner with this workspace's ids
    // from their own workspace; the list must name each, so a new procedure cannot be forgotten.
    const calls: Record<string, (ws: string) => Promise<unknown>> = {
      list: (ws) => callerFor(stranger).flow.list({ workspaceId: ws }),
      get: (ws) => callerFor(stranger).flow.get({ workspaceId: ws, ...ref }),
      create: (ws) => callerFor(stranger).flow.create({ workspaceId: ws, name: 'x' }),
      import: (ws) => callerFor(stranger).flow.import({ workspaceId: ws, document: draft.document }),
      export: (ws) => callerFor(stranger).flow.export({ workspaceId: ws, ...ref }),
      saveDraft: (ws) => callerFor(stranger).flow.saveDraft({ workspaceId: ws, ...ref, baseRevision: draft.revision, document: draft.document }),
      publish: (ws) => callerFor(stranger).flow.publish({ workspaceId: ws, ...ref, revision: draft.revision }),
      versions: (ws) => callerFor(stranger).flow.versions({ workspaceId: ws, ...ref }),
      restoreVersion: (ws) => callerFor(stranger).flow.restoreVersion({ workspaceId: ws, ...ref, versionId: version!.id, baseRevision: draft.revision }),
    };
    const procedures = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith('flow.')).map((p) => p.slice('flow.'.length));
    expect(Object.keys(calls).sort()).toEqual(procedures.sort());
    for (const [name, call] of Object.entries(calls)) {
      // Naming this workspace: not a member, so it does not exist for them.
      expect(await trpcCode(call(workspaceId)), `${name} in the foreign workspace`).toBe('NOT_FOUND');
    }
    // From their own workspace, this workspace's flow does not exist either.
    for (const name of ['get', 'export', 'saveDraft', 'publish', 'versions', 'restoreVersion'] as const) {
      expect(await trpcCode(calls[name]!(otherWorkspaceId)), `${name} from their own workspace`).toBe('NOT_FOUND');
    }
    expect(await callerFor(stranger).flow.list({ workspaceId: otherWorkspaceId })).toEqual([]);
    expect((await callerFor(editor).flow.get({ workspaceId, flowId: flow!.id })).revision).toBe(draft.revision);
    expect(await db.prisma.flowVersion.count({ where: { flowId: flow!.id } })).toBe(2);
  });
});

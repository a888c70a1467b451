// The flow builder's live test run through the real router and the whole pipeline as real processes
// (sandbox, api, worker): a message posted by `botTest.flowRunSend` goes sandbox → signed webhook → api →
// worker → bot turn → outbound → sandbox. The test contact is answered by a snapshot of the unpublished
// draft while a normal user of the same number still gets the published version; the session's node
// and variables come back through `botTest.flowRun`; test versions stay out of version history and
// publish numbering.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEV_ENCRYPTION_KEY, type Prisma } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineOf, startBotStack, type BotChannel, type BotStack } from '../../../../../../worker/src/processors/bot/testing/bot-stack';
import type { AppSession } from '../../../auth/app-session';
import { testContactWaId } from '../../../bot-test/flow-test-run';
import { createInnerContext } from '../../context';
import { createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

const PUBLISHED_WELCOME = "Hi! I'm the Switchboard demo bot.";
const DRAFT_WELCOME = 'Hello from the unpublished draft.';
const leadCapture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../../../../examples/flows/lead-capture.json'), 'utf8')) as {
  nodes: { id: string; data: Record<string, unknown> }[];
};
const withWelcome = (text: string) => ({ ...leadCapture, nodes: leadCapture.nodes.map((n) => (n.id === 'welcome' ? { ...n, data: { text } } : n)) });

let stack: BotStack;
let bot: BotChannel;
let editor: AppSession;
let viewer: AppSession;
let lonely: AppSession;
let lonelyWorkspaceId: string;
let lonelyFlowId: string;

const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: stack.prisma }));
const poll = { timeout: 20_000, interval: 100 };

beforeAll(async () => {
  stack = await startBotStack('web_flow_test_run');
  bot = await stack.createFlowBot(leadCapture);
  Object.assign(process.env, { DATABASE_URL: stack.db.url, ENCRYPTION_KEY: DEV_ENCRYPTION_KEY, SANDBOX_URL: stack.sandboxBase, SANDBOX_PUBLIC_URL: stack.sandboxBase });
  const users = await Promise.all(['editor', 'viewer', 'lonely'].map((n) => stack.prisma.user.create({ data: { email: `${n}@run.example.com`, passwordHash: 'x' } })));
  const lonelyWorkspace = await stack.prisma.workspace.create({ data: { name: 'No sandbox', slug: 'no-sandbox' } });
  lonelyWorkspaceId = lonelyWorkspace.id;
  await stack.prisma.member.createMany({
    data: [
      { workspaceId: bot.workspaceId, userId: users[0]!.id, role: 'editor' },
      { workspaceId: bot.workspaceId, userId: users[1]!.id, role: 'viewer' },
      { workspaceId: lonelyWorkspace.id, userId: users[2]!.id, role: 'owner' },
    ],
  });
  [editor, viewer, lonely] = users.map((u) => ({ userId: u!.id, email: u!.email, name: null })) as [AppSession, AppSession, AppSession];
  lonelyFlowId = (await stack.prisma.flow.create({ data: { workspaceId: lonelyWorkspace.id, name: 'Lonely', draft: leadCapture as unknown as Prisma.InputJsonObject } })).id;
  // The draft moves on, unpublished: only the test contact may see it.
  await stack.prisma.flow.update({ where: { id: bot.flowId }, data: { draft: withWelcome(DRAFT_WELCOME) as unknown as Prisma.InputJsonObject, draftUpdatedAt: new Date() } });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const texts = (run: Awaited<ReturnType<ReturnType<typeof callerFor>['botTest']['flowRun']>>) =>
  run.messages.filter((m) => m.direction === 'outbound').map((m) => JSON.stringify(lineOf({ wamid: m.id, direction: 'out', type: m.type, message: { type: m.type, ...m.content }, status: m.status })));

describe('botTest.flowRun / flowRunSend / flowRunReset', () => {
  it('answers the test contact with the draft through the real pipeline, a normal user with the published version, and shows the variables', async () => {
    const panel = callerFor(editor).botTest;
    const input = { workspaceId: bot.workspaceId, flowId: bot.flowId };
    const waId = testContactWaId(editor.userId);
    const first = await panel.flowRunSend({ ...input, content: { type: 'text', body: 'hi' } });
    expect(first.version).toBe(1);

    // The reply came back the real way: the sandbox (the test contact's phone) received the draft's greeting.
    const phone = await stack.waitForBotMessages(bot.phoneNumberId, waId, 2);
    expect(lineOf(phone[0]!)).toBe(DRAFT_WELCOME);
    await expect.poll(async () => texts(await panel.flowRun(input)), poll).toEqual([JSON.stringify(DRAFT_WELCOME), JSON.stringify({ body: 'How can we help?', buttons: [{ id: 'sales', title: 'Sales' }, { id: 'support', title: 'Support' }] })]);

    // Someone else on the same number still gets the published version.
    await stack.say(bot.phoneNumberId, '15551230001', 'hi');
    const other = await stack.waitForBotMessages(bot.phoneNumberId, '15551230001', 1);
    expect(lineOf(other[0]!)).toBe(PUBLISHED_WELCOME);

    // A tap on a button goes as an interactive reply; the ask's variable appears.
    await panel.flowRunSend({ ...input, content: { type: 'button_reply', id: 'sales', title: 'Sales' } });
    await expect.poll(async () => (await panel.flowRun(input)).session?.currentNodeId, poll).toBe('ask_email');
    await panel.flowRunSend({ ...input, content: { type: 'text', body: 'ada@example.com' } });
    await expect.poll(async () => (await panel.flowRun(input)).session?.variables, poll).toMatchObject({ email: 'ada@example.com' });
    const run = await panel.flowRun(input);
    expect(run).toMatchObject({ channel: { id: bot.channelId, phoneNumberId: bot.phoneNumberId }, waId, snapshot: { version: 1 }, owner: 'bot' });
    expect(run.session).toMatchObject({ kind: 'test', version: 1, status: 'ended', endReason: 'lead_captured', stale: false });
    expect(run.messages.filter((m) => m.direction === 'inbound').map((m) => m.type)).toEqual(['text', 'interactive', 'text']);
    await expect.poll(async () => (await panel.flowRun(input)).messages.filter((m) => m.direction === 'outbound').every((m) => ['delivered', 'read'].includes(m.status)), poll).toBe(true);

    // Test versions stay out of history and publish numbering.
    const flow = callerFor(editor).flow;
    expect((await flow.versions(input)).map((v) => v.version)).toEqual([1]);
    const draft = await flow.get(input);
    expect(draft.latestVersion).toBe(1);
    expect(await stack.prisma.flowVersion.count({ where: { flowId: bot.flowId, kind: 'test' } })).toBe(1);
    const published = await flow.publish({ ...input, revision: draft.revision });
    expect(published.version).toBe(2);
  }, 90_000);

  it('reset ends the session and binds a fresh snapshot of a changed draft; an unchanged draft reuses its snapshot', async () => {
    const panel = callerFor(editor).botTest;
    const input = { workspaceId: bot.workspaceId, flowId: bot.flowId };
    const waId = testContactWaId(editor.userId);
    await panel.flowRunSend({ ...input, content: { type: 'text', body: 'again' } });
    await expect.poll(async () => (await panel.flowRun(input)).session?.status, poll).toBe('waiting');
    expect((await panel.flowRunReset(input)).version).toBe(1);
    expect((await panel.flowRun(input)).session).toMatchObject({ status: 'ended', endReason: 'test_reset' });

    await stack.prisma.flow.update({ where: { id: bot.flowId }, data: { draft: withWelcome('Second draft.') as unknown as Prisma.InputJsonObject, draftUpdatedAt: new Date() } });
    expect((await panel.flowRunReset(input)).version).toBe(2);
    const before = (await stack.botMessages(bot.phoneNumberId, waId)).length;
    await panel.flowRunSend({ ...input, content: { type: 'text', body: 'hi' } });
    const phone = await stack.waitForBotMessages(bot.phoneNumberId, waId, before + 2);
    expect(lineOf(phone[before]!)).toBe('Second draft.');
    await expect.poll(async () => (await panel.flowRun(input)).session, poll).toMatchObject({ kind: 'test', version: 2, status: 'waiting' });

    // A third snapshot outnumbers the published versions (2): lists still name the published one.
    await stack.prisma.flow.update({ where: { id: bot.flowId }, data: { draft: withWelcome('Third draft.') as unknown as Prisma.InputJsonObject, draftUpdatedAt: new Date() } });
    expect((await panel.flowRunReset(input)).version).toBe(3);
    expect((await callerFor(editor).flow.list({ workspaceId: bot.workspaceId })).find((f) => f.id === bot.flowId)?.latestVersion).toBe(2);
    expect((await callerFor(editor).bot.list({ workspaceId: bot.workspaceId })).find((b) => b.id === bot.botId)?.flow?.publishedVersion).toBe(2);
    expect((await callerFor(editor).flow.get(input)).latestVersion).toBe(2);
  }, 60_000);

  it('says when there is no sandbox channel, and is for editors and up', async () => {
    const run = await callerFor(lonely).botTest.flowRun({ workspaceId: lonelyWorkspaceId, flowId: lonelyFlowId });
    expect(run).toMatchObject({ channel: null, messages: [], session: null });
    expect(await trpcCode(callerFor(lonely).botTest.flowRunSend({ workspaceId: lonelyWorkspaceId, flowId: lonelyFlowId, content: { type: 'text', body: 'hi' } }))).toBe('UNPROCESSABLE_CONTENT');
    expect(await stack.prisma.flowVersion.count({ where: { flowId: lonelyFlowId } })).toBe(0);

    const input = { workspaceId: bot.workspaceId, flowId: bot.flowId };
    expect(await trpcCode(callerFor(viewer).botTest.flowRun(input))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(viewer).botTest.flowRunSend({ ...input, content: { type: 'text', body: 'hi' } }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(viewer).botTest.flowRunReset(input))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(lonely).botTest.flowRun(input))).toBe('NOT_FOUND');
  });
});

// The demo bot through the whole stack: the seeded demo workspace (seedDemo),
// the sandbox (real process) sending signed webhooks to the api (real
// process), the worker (real process) answering through the outbound
// pipeline. Every golden transcript of examples/flows/lead-capture is played
// turn by turn and what the sandbox's user received is compared line by line.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { flowFunnel } from '@switchboard/core';
import { DEMO_SEED, seedDemo } from '@switchboard/db';
import { migrateFlow, transcriptSchema, transcriptUserContent } from '@switchboard/flow-engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { box, lineOf, startBotStack, type BotStack } from './testing/bot-stack';

const examples = resolve(import.meta.dirname, '../../../../../examples/flows');
const flow = migrateFlow(JSON.parse(readFileSync(resolve(examples, 'lead-capture.json'), 'utf8')));
const transcripts = readdirSync(examples).filter((f) => /^lead-capture\..+\.transcript\.json$/.test(f)).sort();

let stack: BotStack;
let channelId: string;

beforeAll(async () => {
  stack = await startBotStack('bot_lead_capture');
  channelId = (await seedDemo(stack.prisma, box)).channelId;
  await stack.register(
    { phoneNumberId: DEMO_SEED.phoneNumberId, wabaId: DEMO_SEED.wabaId, appSecret: DEMO_SEED.appSecret, verifyToken: DEMO_SEED.verifyToken, accessToken: DEMO_SEED.accessToken },
    { displayPhoneNumber: DEMO_SEED.displayPhoneNumber },
  );
});
afterAll(async () => {
  await stack?.stop();
});

describe('the seeded demo bot, through sandbox → api → worker → sandbox', () => {
  it('has all four paths as transcripts', () => {
    expect(transcripts).toEqual([
      'lead-capture.invalid-email.transcript.json',
      'lead-capture.menu.transcript.json',
      'lead-capture.sales.transcript.json',
      'lead-capture.support.transcript.json',
    ]);
  });

  transcripts.forEach((file, index) => {
    it(`follows ${file} line by line`, async () => {
      const transcript = transcriptSchema.parse(JSON.parse(readFileSync(resolve(examples, file), 'utf8')));
      const waId = `1555987000${index}`;
      let seen = 0;
      for (const [turnIndex, turn] of transcript.entries()) {
        const content = transcriptUserContent(flow, turn.user);
        await stack.say(DEMO_SEED.phoneNumberId, waId, content.type === 'text' ? content.body : { button: 'id' in content ? content.id : '', title: 'title' in content ? content.title : '' });
        const expected = turn.bot.filter((line) => !(typeof line === 'object' && 'handoff' in line));
        const received = await stack.waitForBotMessages(DEMO_SEED.phoneNumberId, waId, seen + expected.length);
        await stack.waitUntilSettled(channelId);
        const all = await stack.botMessages(DEMO_SEED.phoneNumberId, waId);
        expect(all.slice(seen).map(lineOf), `turn ${turnIndex + 1} of ${file}`).toEqual(expected);
        expect(received.length).toBe(seen + expected.length);
        seen += expected.length;

        const conversation = await stack.prisma.conversation.findFirstOrThrow({ where: { channelId, contact: { waId } } });
        const session = await stack.prisma.flowSession.findFirst({ where: { conversationId: conversation.id }, orderBy: { createdAt: 'desc' } });
        if (turn.variables) expect(session?.state).toMatchObject({ variables: turn.variables });
        if (turn.ended) expect(session?.state).toMatchObject({ status: 'ended', endReason: turn.ended });
        else expect(session?.status).not.toBe('ended');

        const handoff = turn.bot.find((line): line is { handoff: string } => typeof line === 'object' && 'handoff' in line);
        if (handoff) {
          expect(conversation.owner).toBe('human');
          expect(conversation.handoffAt).not.toBeNull();
          const audit = await stack.prisma.auditLog.findFirstOrThrow({ where: { action: 'conversation.handoff', targetId: conversation.id } });
          expect(audit.data).toMatchObject({ reason: handoff.handoff });
          const events = await stack.prisma.outboxEntry.findMany({ where: { topic: 'customer_event' } });
          expect(events.map((e) => e.payload)).toContainEqual(
            expect.objectContaining({ type: 'conversation.handoff', conversationId: conversation.id, reason: handoff.handoff }),
          );
          // From now on a person answers: the bot stays silent.
          await stack.say(DEMO_SEED.phoneNumberId, waId, 'hello?');
          await stack.waitUntilSettled(channelId);
          expect(await stack.botMessages(DEMO_SEED.phoneNumberId, waId)).toHaveLength(seen);
        }
      }
      // The user's messages were marked read by the bot (blue ticks on the phone).
      const inbound = (await stack.conversation(DEMO_SEED.phoneNumberId, waId)).filter((m) => m.direction === 'in');
      expect(inbound[0]?.status).toBe('read');
    });
  });

  // What the runtime recorded while the four transcripts ran: seven sessions (the menu transcript
  // restarts three times), the nodes each ran and was answered at, and the node of every bot message.
  it('records what the per-node funnel counts', async () => {
    const version = await stack.prisma.flowVersion.findFirstOrThrow({ where: { flow: { name: DEMO_SEED.flowName } }, orderBy: { version: 'desc' } });
    const now = new Date();
    const funnel = await flowFunnel(stack.prisma, {
      workspaceId: version.workspaceId, flowVersionId: version.id, period: { from: new Date(now.getTime() - 3_600_000), to: now, clamped: false }, now,
    });
    expect(funnel.sessions).toBe(7);
    const rows = Object.fromEntries(funnel.nodes.map((n) => [n.nodeId, [n.reached, n.sent, n.replied, n.droppedOff]]));
    // reached, sent, replied, dropped off (the restarted sessions stopped at menu and at ask_email)
    expect(rows).toEqual({
      start: [7, 0, 0, 0],
      welcome: [7, 8, 0, 0],
      menu: [7, 8, 5, 1],
      ask_email: [4, 10, 4, 1],
      connecting: [1, 1, 0, 0],
      thanks: [2, 2, 0, 0],
      start_over: [1, 1, 0, 0],
      to_human: [1, 0, 0, 0],
      done: [2, 0, 0, 0],
    });
    for (const node of funnel.nodes) expect(node.delivered).toBeLessThanOrEqual(node.sent);
  });
});

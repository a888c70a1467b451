import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation, say, texts } from '../test-support/build-flow';
import type { Session } from './session';
import { step, StepInputError } from './step';

const askFlow = buildFlow(
  [anyTrigger, ['hello', 'text', { text: 'Welcome' }], ['q', 'ask', { prompt: 'Name?', variable: 'name', input: { kind: 'text' } }], ['t', 'text', { text: 'Hi {{name}}' }]],
  [['start', 'next', 'hello'], ['hello', 'next', 'q'], ['q', 'next', 't']],
  { restartKeywords: ['menu', 'Start over'] },
);

describe('step', () => {
  it('starts a session with flow defaults, timestamps and the flow version, and is pure', () => {
    const flow = buildFlow([anyTrigger, ['q', 'ask', { prompt: 'Q?', variable: 'a', input: { kind: 'text' } }]], [['start', 'next', 'q']], {
      variables: [{ name: 'lang', default: 'en' }, { name: 'x' }],
    });
    const context = { now: '2025-03-01T10:00:00.000Z', windowOpen: true, flowVersionId: 'v7' };
    const first = step(flow, null, say('hi'), context);
    expect(first.session).toEqual({
      flowVersionId: 'v7',
      currentNodeId: 'q',
      waitingFor: { kind: 'input', nodeId: 'q', attempts: 0 },
      variables: { lang: 'en' },
      startedAt: '2025-03-01T10:00:00.000Z',
      lastActivityAt: '2025-03-01T10:00:00.000Z',
      status: 'waiting',
      visitedNodeIds: ['start', 'q'],
    });
    expect(step(flow, null, say('hi'), context)).toEqual(first);
  });

  it('records the nodes a session ran and the nodes the user answered at, once each', () => {
    const chat = new Conversation(askFlow);
    expect(chat.say('hi').session).toMatchObject({ visitedNodeIds: ['start', 'hello', 'q'] });
    expect(chat.session?.repliedNodeIds).toBeUndefined();
    const done = chat.say('Ana').session;
    expect(done).toMatchObject({ status: 'ended', visitedNodeIds: ['start', 'hello', 'q', 't'], repliedNodeIds: ['q'] });
  });

  it('keeps a session on its flow version even when the context names a newer one', () => {
    const chat = new Conversation(askFlow, { flowVersionId: 'v1' });
    chat.say('hi');
    expect(chat.say('Ana', { flowVersionId: 'v2' }).session?.flowVersionId).toBe('v1');
    expect(chat.say('hi again', { flowVersionId: 'v2' }).session?.flowVersionId).toBe('v2');
  });

  it('restarts on a restart keyword (trimmed, any case) at any point', () => {
    const chat = new Conversation(askFlow);
    chat.say('hi');
    const result = chat.say('  MENU ');
    expect(result.effects[0]).toEqual({ type: 'end', reason: 'restarted', nodeId: 'q' });
    expect(texts(result.effects)).toEqual(['Welcome', 'Name?']);
    expect(texts(chat.say('start over').effects)).toEqual(['Welcome', 'Name?']);
  });

  it('restarts on a restart event, optionally at a node and with variables (how cross-flow jumps land)', () => {
    const chat = new Conversation(askFlow);
    chat.say('hi');
    const result = chat.send({ type: 'restart', nodeId: 't', variables: { name: 'Bo' } });
    expect(texts(result.effects)).toEqual(['Hi Bo']);
    expect(chat.send({ type: 'restart', nodeId: 'nope' }).effects[0]).toMatchObject({ code: 'restart_node_missing' });
  });

  it('ends a session idle longer than the timeout, then handles the message as a new start', () => {
    const chat = new Conversation(askFlow, { limits: { sessionTimeoutMs: 60_000 } });
    chat.say('hi');
    chat.advance(61_000);
    const result = chat.say('Ana');
    expect(result.effects[0]).toEqual({ type: 'end', reason: 'session_timeout', nodeId: 'q' });
    expect(texts(result.effects)).toEqual(['Welcome', 'Name?']);
  });

  it('does not time out within the limit', () => {
    const chat = new Conversation(askFlow, { limits: { sessionTimeoutMs: 60_000 } });
    chat.say('hi');
    chat.advance(58_000);
    expect(texts(chat.say('Ana').effects)).toEqual(['Hi Ana']);
  });

  it('stops a runaway loop at the step budget with a logged reason', () => {
    const loop = buildFlow(
      [anyTrigger, ['a', 'set_variable', { assignments: [{ variable: 'n', expression: 'n + 1' }] }], ['b', 'jump', { target: { kind: 'node', nodeId: 'a' } }]],
      [['start', 'next', 'a'], ['a', 'next', 'b']],
      { variables: [{ name: 'n', type: 'number', default: 0 }] },
    );
    const result = new Conversation(loop, { limits: { stepBudget: 10 } }).say('x');
    expect(result.effects.filter((e) => e.type === 'log')).toEqual([
      { type: 'log', level: 'error', code: 'step_budget_exceeded', message: expect.stringMatching(/stopped after 10 nodes/), nodeId: 'b' },
    ]);
    expect(result.session).toMatchObject({ status: 'ended', endReason: 'step_budget_exceeded', variables: { n: 5 } });
    expect(new Conversation(loop).say('x').session?.variables).toEqual({ n: 25 });
  });

  it('ignores results nobody waits for, and results for another node', () => {
    const chat = new Conversation(askFlow);
    expect(chat.send({ type: 'timer' })).toEqual({
      session: null,
      effects: [{ type: 'log', level: 'info', code: 'event_ignored', message: 'timer arrived but the session is not waiting for it' }],
    });
    const http = buildFlow([anyTrigger, ['h', 'http', { url: 'https://x.io' }]], [['start', 'next', 'h']]);
    const other = new Conversation(http);
    other.say('x');
    expect(other.send({ type: 'http_result', nodeId: 'zzz', status: 200 }).effects[0]).toMatchObject({ code: 'event_ignored' });
    expect(other.say('hello').effects[0]).toMatchObject({ code: 'message_ignored' });
  });

  it('starts a new session after the previous one ended', () => {
    const flow = buildFlow([anyTrigger, ['t', 'text', { text: 'one-shot' }]], [['start', 'next', 't']]);
    const chat = new Conversation(flow);
    expect(chat.say('a').session?.status).toBe('ended');
    expect(texts(chat.say('b').effects)).toEqual(['one-shot']);
  });

  it('ends with missing_node when a jump points nowhere', () => {
    const flow = buildFlow([anyTrigger, ['j', 'jump', { target: { kind: 'node', nodeId: 'gone' } }]], [['start', 'next', 'j']]);
    const result = new Conversation(flow).say('x');
    expect(result.effects[0]).toMatchObject({ type: 'log', level: 'error', code: 'missing_node', nodeId: 'gone' });
    expect(result.session).toMatchObject({ status: 'ended', endReason: 'missing_node' });
  });

  it('ends with no_trigger when the flow has no start', () => {
    const flow = buildFlow([['t', 'text', { text: 'orphan' }]]);
    const result = new Conversation(flow).send({ type: 'restart' });
    expect(result.session).toMatchObject({ status: 'ended', endReason: 'no_trigger' });
  });

  it('rejects malformed sessions, events and contexts with a clear error', () => {
    expect(() => step(askFlow, { status: 'weird' } as unknown as Session, say('x'), { now: 0, windowOpen: true })).toThrow(StepInputError);
    expect(() => step(askFlow, null, { type: 'nope' } as never, { now: 0, windowOpen: true })).toThrow(/invalid event/);
    expect(() => step(askFlow, null, say('x'), { now: 'yesterday', windowOpen: true })).toThrow(/invalid context: now/);
    expect(() => step(askFlow, null, say('x'), { now: 0, windowOpen: true, limits: { stepBudget: 0 } })).toThrow(/stepBudget/);
  });

  it('produces sessions that round-trip through JSON', () => {
    const chat = new Conversation(askFlow);
    chat.say('hi');
    const stored = JSON.parse(JSON.stringify(chat.session)) as Session;
    expect(texts(step(askFlow, stored, say('Ana'), { now: chat.nowMs + 1000, windowOpen: true }).effects)).toEqual(['Hi Ana']);
  });
});

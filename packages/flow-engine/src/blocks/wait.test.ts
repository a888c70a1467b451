import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation, texts } from '../test-support/build-flow';

const flow = buildFlow(
  [anyTrigger, ['w', 'wait', { amount: 2, unit: 'hours' }], ['t', 'text', { text: 'still there?', fallbackTemplate: { name: 'nudge', language: 'en' } }]],
  [['start', 'next', 'w'], ['w', 'next', 't']],
);

describe('wait block', () => {
  it('emits a wait effect with the wake-up time and resumes on a timer event', () => {
    const chat = new Conversation(flow);
    const { effects, session } = chat.say('x');
    const wakeAtMs = chat.nowMs + 2 * 3_600_000;
    expect(effects).toEqual([{ type: 'wait', nodeId: 'w', wakeAt: new Date(wakeAtMs).toISOString(), wakeAtMs }]);
    expect(session).toMatchObject({ status: 'waiting', waitingFor: { kind: 'timer', nodeId: 'w', wakeAt: new Date(wakeAtMs).toISOString() } });

    // The session is plain JSON: it survives a restart of the worker.
    chat.session = JSON.parse(JSON.stringify(chat.session));
    chat.advance(2 * 3_600_000);
    expect(texts(chat.send({ type: 'timer', nodeId: 'w' }).effects)).toEqual(['still there?']);
  });

  it('keeps waiting (and repeats the wait) on an early timer, and ignores messages meanwhile', () => {
    const chat = new Conversation(flow);
    chat.say('x');
    const early = chat.send({ type: 'timer' });
    expect(early.effects[0]).toMatchObject({ type: 'wait', nodeId: 'w' });
    expect(early.session?.waitingFor?.kind).toBe('timer');
    const message = chat.say('hello?');
    expect(message.effects).toEqual([{ type: 'log', level: 'info', code: 'message_ignored', message: 'message arrived while waiting for timer' }]);
  });

  it('uses the fallback template when the wake-up happens outside the window', () => {
    const chat = new Conversation(flow);
    chat.say('x');
    chat.advance(3 * 3_600_000);
    expect(chat.send({ type: 'timer' }, { windowOpen: false }).effects[0]).toMatchObject({ message: { type: 'template', template: { name: 'nudge' } } });
  });
});

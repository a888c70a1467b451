import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation } from '../test-support/build-flow';

describe('handoff block', () => {
  it('emits handoff and ends the bot session', () => {
    const flow = buildFlow([anyTrigger, ['h', 'handoff', { reason: 'billing' }]], [['start', 'next', 'h']]);
    const chat = new Conversation(flow);
    const { effects, session } = chat.say('x');
    expect(effects).toEqual([
      { type: 'handoff', nodeId: 'h', reason: 'billing' },
      { type: 'end', reason: 'handoff', nodeId: 'h' },
    ]);
    expect(session).toMatchObject({ status: 'ended', endReason: 'handoff', waitingFor: null });
  });
});

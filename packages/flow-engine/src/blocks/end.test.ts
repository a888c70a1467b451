import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation } from '../test-support/build-flow';

describe('end block', () => {
  it('ends the session with its reason, and a path without an edge ends as completed', () => {
    const flow = buildFlow([anyTrigger, ['e', 'end', { reason: 'qualified' }]], [['start', 'next', 'e']]);
    const { effects, session } = new Conversation(flow).say('x');
    expect(effects).toEqual([{ type: 'end', reason: 'qualified', nodeId: 'e' }]);
    expect(session).toMatchObject({ status: 'ended', endReason: 'qualified' });

    const open = buildFlow([anyTrigger, ['t', 'text', { text: 'bye' }]], [['start', 'next', 't']]);
    expect(new Conversation(open).say('x').session).toMatchObject({ status: 'ended', endReason: 'completed' });
  });
});

import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation, texts } from '../test-support/build-flow';
import { jumpBlock } from './jump';

describe('jump block', () => {
  it('continues at a node of this flow', () => {
    const flow = buildFlow([anyTrigger, ['j', 'jump', { target: { kind: 'node', nodeId: 't' } }], ['t', 'text', { text: 'landed' }]], [['start', 'next', 'j']]);
    expect(texts(new Conversation(flow).say('x').effects)).toEqual(['landed']);
  });

  it('hands over to another flow with a jump effect carrying the variables', () => {
    const flow = buildFlow([anyTrigger, ['j', 'jump', { target: { kind: 'flow', flowId: 'billing', nodeId: 'ask_invoice' } }]], [['start', 'next', 'j']], {
      variables: [{ name: 'plan', default: 'pro' }],
    });
    const { effects, session } = new Conversation(flow).say('x');
    expect(effects[0]).toEqual({ type: 'jump', nodeId: 'j', flowId: 'billing', targetNodeId: 'ask_invoice', variables: { plan: 'pro' } });
    expect(session).toMatchObject({ status: 'ended', endReason: 'jumped' });
  });

  it('lints a missing target node', () => {
    const data = jumpBlock.dataSchema.parse({ target: { kind: 'node', nodeId: 'gone' } });
    expect(jumpBlock.lint(data, { connectedHandles: new Set(), nodeIds: new Set(['a']), variableTypes: new Map() })[0]?.code).toBe('jump_target_missing');
  });
});

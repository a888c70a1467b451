import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation } from '../test-support/build-flow';

const flow = buildFlow(
  [anyTrigger, ['t', 'template', { template: { name: 'order_update', language: 'en_US', parameters: ['{{order}}'] }, freeFormText: 'Order {{order}} shipped' }]],
  [['start', 'next', 't']],
  { variables: [{ name: 'order', default: 'A-1' }] },
);

describe('template block', () => {
  it('sends free-form text while the window is open', () => {
    expect(new Conversation(flow).say('x').effects[0]).toMatchObject({ message: { type: 'text', text: { body: 'Order A-1 shipped' } } });
  });

  it('sends the template with parameters when the window is closed', () => {
    expect(new Conversation(flow).say('x', { windowOpen: false }).effects[0]).toEqual({
      type: 'send',
      nodeId: 't',
      message: {
        type: 'template',
        template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1' }] }] },
      },
    });
  });

  it('sends the template even in the window when there is no free-form text', () => {
    const bare = buildFlow([anyTrigger, ['t', 'template', { template: { name: 'hello_world', language: 'en_US' } }]], [['start', 'next', 't']]);
    expect(new Conversation(bare).say('x').effects[0]).toMatchObject({ message: { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } } });
  });
});

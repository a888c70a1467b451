import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, messagesPath, PHONE_NUMBER_ID, startHarness, textMessage, type Harness } from '../testing/sandbox-harness';

interface GraphErrorBody {
  error: { message: string; type: string; code: number; error_subcode?: number; error_data?: { messaging_product: string; details: string }; fbtrace_id: string };
}

const buttons = (n: number, title = 'Option') =>
  Array.from({ length: n }, (_, i) => ({ type: 'reply', reply: { id: `b${i}`, title: `${title}${i}`.slice(0, 40) } }));

const interactive = (content: Record<string, unknown>) => ({ messaging_product: 'whatsapp', to: ALICE, type: 'interactive', interactive: content });

describe('POST /{v}/{phone-number-id}/messages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.inbound(ALICE, { type: 'text', text: { body: 'hi' } });
  });
  afterEach(() => h.close());

  it('accepts a text send with Meta’s envelope and headers (golden 10)', async () => {
    const res = await h.graph('POST', `/v26.0/${PHONE_NUMBER_ID}/messages`, textMessage(`+${ALICE}`, 'hello'));
    expect(res.status).toBe(200);
    const body = res.body as { messaging_product: string; contacts: unknown[]; messages: { id: string; message_status: string }[] };
    expect(body.messaging_product).toBe('whatsapp');
    expect(body.contacts).toEqual([{ input: `+${ALICE}`, wa_id: ALICE }]);
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]!.id).toMatch(/^wamid\.[A-Za-z0-9+/=]+$/);
    expect(body.messages[0]!.message_status).toBe('accepted');
    expect(res.headers.get('facebook-api-version')).toBe('v26.0');
    expect(res.headers.get('x-fb-trace-id')).toBeTruthy();
    expect(res.headers.get('x-fb-request-id')).toBeTruthy();
  });

  it('accepts any vNN.N version, including long-sunset ones clients still send', async () => {
    for (const version of ['v13.0', 'v23.0', 'v24.0']) {
      const res = await h.graph('POST', `/${version}/${PHONE_NUMBER_ID}/messages`, textMessage(ALICE, `hi ${version}`));
      expect(res.status).toBe(200);
    }
  });

  it('answers a missing token with 401 code 104 and a wrong one with 401 code 190', async () => {
    const missing = await h.graph('POST', messagesPath, textMessage(ALICE, 'x'), null);
    expect(missing.status).toBe(401);
    expect((missing.body as GraphErrorBody).error).toMatchObject({ type: 'OAuthException', code: 104 });
    const wrong = await h.graph('POST', messagesPath, textMessage(ALICE, 'x'), 'not-the-token');
    expect(wrong.status).toBe(401);
    expect((wrong.body as GraphErrorBody).error).toMatchObject({ type: 'OAuthException', code: 190 });
    expect((wrong.body as GraphErrorBody).error.fbtrace_id).toBe(wrong.headers.get('x-fb-trace-id'));
  });

  it('answers an unknown phone number id with 400 code 100 subcode 33', async () => {
    const res = await h.graph('POST', '/v24.0/999999999/messages', textMessage(ALICE, 'x'));
    expect(res.status).toBe(400);
    expect((res.body as GraphErrorBody).error).toMatchObject({ code: 100, error_subcode: 33, type: 'OAuthException' });
  });

  it.each([
    ['4 reply buttons', interactive({ type: 'button', body: { text: 'Pick' }, action: { buttons: buttons(4) } }), 131009, 'interactive.action.buttons'],
    [
      'a 21-character button title',
      interactive({ type: 'button', body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x'.repeat(21) } }] } }),
      131009,
      'interactive.action.buttons.0.reply.title',
    ],
    [
      '12 list rows over two sections',
      interactive({
        type: 'list',
        body: { text: 'Pick' },
        action: {
          button: 'Options',
          sections: [0, 1].map((s) => ({ title: `S${s}`, rows: Array.from({ length: 6 }, (_, i) => ({ id: `r${s}${i}`, title: `Row ${s}${i}` })) })),
        },
      }),
      131009,
      'interactive.action',
    ],
    ['a missing text body', { messaging_product: 'whatsapp', to: ALICE, type: 'text', text: {} }, 131008, 'text.body'],
    ['a missing messaging_product', { to: ALICE, type: 'text', text: { body: 'x' } }, 100, 'messaging_product'],
    ['an unknown type', { messaging_product: 'whatsapp', to: ALICE, type: 'hologram', hologram: {} }, 100, 'type'],
  ])('refuses %s with 400 code %i naming the field', async (_name, body, code, field) => {
    const res = await h.graph('POST', messagesPath, body);
    expect(res.status).toBe(400);
    const error = (res.body as GraphErrorBody).error;
    expect(error.code).toBe(code);
    expect(error.message).toMatch(new RegExp(`^\\(#${code}\\) `));
    expect(error.error_data?.messaging_product).toBe('whatsapp');
    expect(error.error_data?.details).toContain(field);
  });

  it('refuses malformed JSON with code 100', async () => {
    const res = await fetch(`${h.url}${messagesPath}`, { method: 'POST', headers: { authorization: 'Bearer test-access-token' }, body: '{"messaging_product":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as GraphErrorBody).error.code).toBe(100);
  });

  it('marks a user message read, with a typing indicator (golden 20)', async () => {
    const inbound = await h.inbound(ALICE, { type: 'text', text: { body: 'are you there?' } });
    const wamid = (inbound.body as { wamid: string }).wamid;
    const res = await h.graph('POST', messagesPath, { messaging_product: 'whatsapp', status: 'read', message_id: wamid, typing_indicator: { type: 'text' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    const conversation = await h.control('GET', `/_sandbox/numbers/${PHONE_NUMBER_ID}/conversations/${ALICE}`);
    const messages = (conversation.body as { messages: { direction: string; status: string }[] }).messages;
    expect(messages.filter((m) => m.direction === 'in').every((m) => m.status === 'read')).toBe(true);
  });

  it('refuses to mark an unknown message read', async () => {
    const res = await h.graph('POST', messagesPath, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.nope' });
    expect(res.status).toBe(400);
    expect((res.body as GraphErrorBody).error.code).toBe(100);
  });

  it('addresses a user by business-scoped id and echoes it', async () => {
    const res = await h.graph('POST', messagesPath, { messaging_product: 'whatsapp', recipient: 'US.15551230001000001', type: 'text', text: { body: 'hi' } });
    expect(res.status).toBe(200);
    expect((res.body as { contacts: unknown[] }).contacts).toEqual([{ input: 'US.15551230001000001', user_id: 'US.15551230001000001' }]);
  });
});

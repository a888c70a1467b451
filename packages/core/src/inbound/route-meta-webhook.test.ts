import { signPayload } from '@switchboard/whatsapp';
import { describe, expect, it } from 'vitest';
import type { ChannelDirectory, RoutedChannel } from './channel-directory';
import { routeMetaWebhook } from './route-meta-webhook';
import { extractWebhookRoutes } from './webhook-routes';

const channelA: RoutedChannel = { id: 'ch-a', workspaceId: 'ws', phoneNumberId: '111', wabaId: 'waba-1', appSecret: 'test_app_secret' };
const channelB: RoutedChannel = { id: 'ch-b', workspaceId: 'ws', phoneNumberId: '222', wabaId: 'waba-1', appSecret: 'test_app_secret' };

function directory(channels: RoutedChannel[], fresh: Record<string, RoutedChannel | null> = {}): ChannelDirectory {
  return {
    byPhoneNumberId: async (id) => channels.find((c) => c.phoneNumberId === id) ?? null,
    byWabaId: async (id) => channels.filter((c) => c.wabaId === id),
    refresh: async (id) => (id in fresh ? fresh[id] : undefined),
    clear: () => undefined,
  };
}

const change = (phoneNumberId: string) => ({
  field: 'messages',
  value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, statuses: [] },
});
const payload = (...numbers: string[]) => ({ object: 'whatsapp_business_account', entry: [{ id: 'waba-1', changes: numbers.map(change) }] });

function signed(body: unknown, secret = 'test_app_secret') {
  const rawBody = Buffer.from(JSON.stringify(body));
  return { rawBody, body, signature: signPayload(rawBody, secret) };
}

describe('extractWebhookRoutes', () => {
  it('lists each phone_number_id once, in order, with its WABA', () => {
    const routes = extractWebhookRoutes(payload('111', '222', '111'));
    expect(routes?.phoneNumberIds).toEqual(['111', '222']);
    expect(routes?.wabaIds).toEqual(['waba-1']);
    expect(routes?.details.get('222')).toEqual({ wabaId: 'waba-1', displayPhoneNumber: '15550783881' });
  });

  it('rejects bodies that are not an envelope and skips malformed changes', () => {
    expect(extractWebhookRoutes([])).toBeNull();
    expect(extractWebhookRoutes({ entry: 'x' })).toBeNull();
    expect(extractWebhookRoutes({ entry: [null, { changes: [1, { value: { metadata: { phone_number_id: 5 } } }] }] })?.phoneNumberIds).toEqual([]);
  });
});

describe('routeMetaWebhook', () => {
  it('accepts a payload signed with the channel’s app secret', async () => {
    const decision = await routeMetaWebhook(signed(payload('111')), directory([channelA]));
    expect(decision).toEqual({ kind: 'accepted', targets: [{ channel: channelA, phoneNumberId: '111' }], unknown: [] });
  });

  it('accepts golden case 2 style signatures only with the right secret', async () => {
    const decision = await routeMetaWebhook(signed(payload('111'), 'another_secret'), directory([channelA]));
    expect(decision).toEqual({ kind: 'bad_signature', reason: 'mismatch', phoneNumberId: '111' });
  });

  it('reports a missing or malformed signature before any lookup', async () => {
    const lookups: string[] = [];
    const dir = { ...directory([channelA]), byPhoneNumberId: async (id: string) => (lookups.push(id), channelA) };
    const { rawBody, body } = signed(payload('111'));
    expect(await routeMetaWebhook({ rawBody, body, signature: undefined }, dir)).toEqual({ kind: 'bad_signature', reason: 'missing' });
    expect(await routeMetaWebhook({ rawBody, body, signature: 'sha1=abc' }, dir)).toEqual({ kind: 'bad_signature', reason: 'missing' });
    expect(lookups).toEqual([]);
  });

  it('answers unknown_number (a 200) for numbers we do not serve', async () => {
    const decision = await routeMetaWebhook(signed(payload('999')), directory([channelA]));
    expect(decision).toEqual({ kind: 'unknown_number', unknown: [{ phoneNumberId: '999', wabaId: 'waba-1', displayPhoneNumber: '15550783881' }] });
  });

  it('handles a batch per number: known numbers become targets, unknown ones are reported', async () => {
    const decision = await routeMetaWebhook(signed(payload('111', '222', '999')), directory([channelA, channelB]));
    expect(decision.kind).toBe('accepted');
    if (decision.kind !== 'accepted') return;
    expect(decision.targets.map((t) => t.channel.id)).toEqual(['ch-a', 'ch-b']);
    expect(decision.unknown.map((u) => u.phoneNumberId)).toEqual(['999']);
  });

  it('rejects a batch when any known number’s secret does not match', async () => {
    const other = { ...channelB, appSecret: 'different' };
    const decision = await routeMetaWebhook(signed(payload('111', '222')), directory([channelA, other]));
    expect(decision).toEqual({ kind: 'bad_signature', reason: 'mismatch', phoneNumberId: '222' });
  });

  it('re-reads a channel once when its cached secret fails (secret rotated)', async () => {
    const stale = { ...channelA, appSecret: 'old' };
    const decision = await routeMetaWebhook(signed(payload('111')), directory([stale], { '111': channelA }));
    expect(decision).toEqual({ kind: 'accepted', targets: [{ channel: channelA, phoneNumberId: '111' }], unknown: [] });
  });

  it('routes a payload without phone numbers by WABA id', async () => {
    const body = { object: 'whatsapp_business_account', entry: [{ id: 'waba-1', changes: [{ field: 'account_update', value: {} }] }] };
    expect(await routeMetaWebhook(signed(body), directory([channelA]))).toEqual({
      kind: 'accepted', targets: [{ channel: channelA, phoneNumberId: null }], unknown: [],
    });
    expect((await routeMetaWebhook(signed({ object: 'whatsapp_business_account', entry: [] }), directory([channelA]))).kind).toBe('unknown_number');
  });

  it('calls a non-envelope body malformed', async () => {
    expect((await routeMetaWebhook(signed({ hello: 1 }), directory([channelA]))).kind).toBe('malformed');
  });
});

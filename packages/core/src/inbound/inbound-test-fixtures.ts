// Test helpers for inbound webhooks: Meta-shaped payloads and a channel row.
// Used by the unit and integration tests of the inbound path (api, worker, core).
import { hashVerifyToken, type PrismaClient, type SecretBox } from '@switchboard/db';

export interface TestChannel {
  workspaceId: string;
  channelId: string;
  phoneNumberId: string;
  wabaId: string;
  appSecret: string;
  verifyToken: string;
}

/** Creates a workspace and a channel with known secrets. */
export async function createTestChannel(
  prisma: PrismaClient,
  box: SecretBox,
  overrides: Partial<Pick<TestChannel, 'phoneNumberId' | 'wabaId' | 'appSecret' | 'verifyToken'>> & { workspaceId?: string } = {},
): Promise<TestChannel> {
  const suffix = Math.random().toString().slice(2, 10);
  const phoneNumberId = overrides.phoneNumberId ?? `1065${suffix}`;
  const wabaId = overrides.wabaId ?? `2022${suffix}`;
  const appSecret = overrides.appSecret ?? `secret-${suffix}`;
  const verifyToken = overrides.verifyToken ?? `verify-${suffix}`;
  const workspaceId =
    overrides.workspaceId ?? (await prisma.workspace.create({ data: { name: `ws ${suffix}`, slug: `ws-${suffix}` } })).id;
  const channel = await prisma.channel.create({
    data: {
      workspaceId, kind: 'sandbox', phoneNumberId, wabaId, displayPhoneNumber: '15550783881',
      accessTokenEnc: box.encrypt('token'), appSecretEnc: box.encrypt(appSecret),
      verifyTokenEnc: box.encrypt(verifyToken), verifyTokenHash: hashVerifyToken(verifyToken),
    },
  });
  return { workspaceId, channelId: channel.id, phoneNumberId, wabaId, appSecret, verifyToken };
}

export interface TextMessageSpec {
  wamid: string;
  from?: string;
  userId?: string;
  username?: string;
  name?: string;
  body?: string;
  /** Unix seconds. */
  timestamp: number;
}

const envelope = (wabaId: string, phoneNumberId: string, value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [{
    id: wabaId,
    changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value } }],
  }],
});

/** A text message webhook as Meta sends it (golden case 3's shape). */
export function textMessagePayload(channel: Pick<TestChannel, 'wabaId' | 'phoneNumberId'>, m: TextMessageSpec): Record<string, unknown> {
  const contact: Record<string, unknown> = { profile: { name: m.name ?? 'Sheena Nelson', ...(m.username ? { username: m.username } : {}) } };
  if (m.from) contact['wa_id'] = m.from;
  if (m.userId) contact['user_id'] = m.userId;
  const message: Record<string, unknown> = { id: m.wamid, timestamp: String(m.timestamp), type: 'text', text: { body: m.body ?? 'Does it come in another color?' } };
  if (m.from) message['from'] = m.from;
  if (m.userId) message['from_user_id'] = m.userId;
  return envelope(channel.wabaId, channel.phoneNumberId, { contacts: [contact], messages: [message] });
}

export interface StatusSpec {
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  timestamp: number;
  bizOpaqueCallbackData?: string;
  errorCode?: number;
}

/** A status webhook (one or more statuses) as Meta sends it. */
export function statusPayload(channel: Pick<TestChannel, 'wabaId' | 'phoneNumberId'>, statuses: StatusSpec[]): Record<string, unknown> {
  return envelope(channel.wabaId, channel.phoneNumberId, {
    statuses: statuses.map((s) => ({
      id: s.wamid,
      status: s.status,
      timestamp: String(s.timestamp),
      recipient_id: '16505551234',
      ...(s.bizOpaqueCallbackData ? { biz_opaque_callback_data: s.bizOpaqueCallbackData } : {}),
      ...(s.status === 'sent'
        ? {
            conversation: { id: 'conv-1', expiration_timestamp: String(s.timestamp + 86_400), origin: { type: 'service' } },
            pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' },
          }
        : {}),
      ...(s.errorCode
        ? { errors: [{ code: s.errorCode, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'window closed' } }] }
        : {}),
    })),
  });
}

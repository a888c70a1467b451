import type { Channel } from '@switchboard/db';
import type { ChannelView } from './channel-schemas';

/** The public shape of a channel row; secrets are left out on purpose. */
export function toChannelView(channel: Channel, webhookUrl: string): ChannelView {
  return {
    id: channel.id,
    phone_number_id: channel.phoneNumberId,
    waba_id: channel.wabaId,
    display_phone_number: channel.displayPhoneNumber,
    kind: channel.kind,
    status: channel.status,
    throughput_mps: channel.throughputMps,
    webhook_url: webhookUrl,
    created_at: channel.createdAt.toISOString(),
    updated_at: channel.updatedAt.toISOString(),
  };
}

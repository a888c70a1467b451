import type { SecretBox } from '@switchboard/db';
import { createWhatsAppClient, type WhatsAppClient } from '@switchboard/whatsapp';

/** The channel fields a Graph client is built from. */
export interface ChannelGraphFields {
  id: string;
  updatedAt: Date;
  accessTokenEnc: string;
  graphBaseUrl: string | null;
  phoneNumberId: string;
}

export interface GraphSettings {
  baseUrl: string;
  apiVersion: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * Returns the Graph client of a channel, decrypting its token once and
 * building a new client only when the channel row changed (token rotation).
 */
export function createChannelClientCache(deps: { secretBox: SecretBox; graph: GraphSettings }): (channel: ChannelGraphFields) => WhatsAppClient {
  const clients = new Map<string, { version: number; client: WhatsAppClient }>();
  return (channel) => {
    const cached = clients.get(channel.id);
    if (cached && cached.version === channel.updatedAt.getTime()) return cached.client;
    const client = createWhatsAppClient({
      baseUrl: channel.graphBaseUrl ?? deps.graph.baseUrl,
      apiVersion: deps.graph.apiVersion,
      accessToken: deps.secretBox.decrypt(channel.accessTokenEnc),
      phoneNumberId: channel.phoneNumberId,
      timeoutMs: deps.graph.timeoutMs,
      ...(deps.graph.fetch ? { fetch: deps.graph.fetch } : {}),
    });
    clients.set(channel.id, { version: channel.updatedAt.getTime(), client });
    return client;
  };
}

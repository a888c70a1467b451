import { createChatModel, createEmbeddingModel, type ToolHttpPort } from '@switchboard/ai-agent';
import type { SecretBox } from '@switchboard/db';
import { createSafeFetch, type SafeFetch } from '@switchboard/safe-http';
import { loadAgentConfig, type AgentConfig } from './config';
import { createChannelClientCache, createProviderFetch, type AgentRuntimeDeps } from '@switchboard/core';

// A model request may take this long at most; the agent's time budget usually cuts it shorter.
const PROVIDER_TIMEOUT_MS = 120_000;

/**
 * The AI agent's runtime dependencies: HTTP tools on the bot's SSRF-guarded
 * client (the same trust as flow HTTP blocks), chat models whose fetch is
 * guarded too unless AI_PROVIDER_NETWORK=any, and media downloads through the
 * channel's Graph client (voice notes, images).
 */
export function createAgentRuntime(
  toolHttp: ToolHttpPort,
  channels: { secretBox: SecretBox; graph: { baseUrl: string; apiVersion: string; timeoutMs: number } },
  config: AgentConfig = loadAgentConfig(),
): AgentRuntimeDeps & { close(): Promise<void> } {
  const clientFor = createChannelClientCache(channels);
  let guarded: SafeFetch | undefined;
  let providerFetch: typeof fetch | undefined;
  if (config.AI_PROVIDER_NETWORK === 'public') {
    const forTests = config.AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS;
    guarded = createSafeFetch({
      timeoutMs: PROVIDER_TIMEOUT_MS,
      maxResponseBytes: config.AI_PROVIDER_MAX_RESPONSE_BYTES,
      allowHttp: forTests.length > 0,
      ...(forTests.length > 0 ? { allowPrivateForTests: forTests } : {}),
    });
    providerFetch = createProviderFetch(guarded, config.AI_PROVIDER_MAX_RESPONSE_BYTES);
  }
  return {
    toolHttp,
    createModel: (provider) => createChatModel({ ...provider, ...(providerFetch ? { fetch: providerFetch } : {}) }),
    createEmbeddingModel: (provider) => createEmbeddingModel({ ...provider, ...(providerFetch ? { fetch: providerFetch } : {}) }),
    async downloadMedia(channel, mediaId, maxBytes) {
      // Meta's media URLs are short-lived and need the channel's token: fetch the URL, then the bytes.
      const client = clientFor(channel);
      const info = await client.getMediaUrl(mediaId);
      return client.downloadMedia(info.url, { maxBytes });
    },
    async close() {
      await guarded?.close();
    },
  };
}

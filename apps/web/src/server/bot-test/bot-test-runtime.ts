import { createChatModel, createEmbeddingModel } from '@switchboard/ai-agent';
import { createHttpEffectPort, type AgentRuntimeDeps, type HttpEffectPort } from '@switchboard/core';
import { createLogger, type Logger } from '@switchboard/observability';
import { createSafeFetch } from '@switchboard/safe-http';
import { getEnv } from '../../env';
import { createAiProviderFetch } from '../ai/ai-deps';

// The same ceilings as the worker's bot runtime: each block or tool asks for less.
const HTTP_MAX_RESPONSE_BYTES = 1024 * 1024;
const HTTP_MAX_TIMEOUT_MS = 30_000;

const logger = createLogger({ service: 'web', level: 'warn' }).child({ test_panel: true });

/** The IO a test-panel run uses: the worker's kind of HTTP port and model clients, released by `close`. */
export interface BotTestRuntime {
  logger: Logger;
  /** Flow `http` effects. */
  http: HttpEffectPort;
  /** HTTP tools and model clients. */
  agent: AgentRuntimeDeps;
  close(): Promise<void>;
}

/**
 * Builds the test panel's IO from the web app's env: HTTP blocks and tools on
 * the SSRF-guarded client (BOT_HTTP_ALLOW_HTTP / BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS
 * as in the worker), models through the provider fetch "test connection" uses.
 * Nothing here writes to the database or reaches WhatsApp.
 */
export function createBotTestRuntime(): BotTestRuntime {
  const env = getEnv();
  const forTests = (env.BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (forTests.length > 0 && env.NODE_ENV === 'production') throw new Error('BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS is not allowed in production');
  const safeFetch = createSafeFetch({
    timeoutMs: HTTP_MAX_TIMEOUT_MS,
    maxResponseBytes: HTTP_MAX_RESPONSE_BYTES,
    allowHttp: env.BOT_HTTP_ALLOW_HTTP === 'true',
    ...(forTests.length > 0 ? { allowPrivateForTests: forTests } : {}),
  });
  const provider = createAiProviderFetch();
  return {
    logger,
    http: createHttpEffectPort(safeFetch),
    agent: {
      toolHttp: safeFetch,
      createModel: (config) => createChatModel({ ...config, ...(provider.fetch ? { fetch: provider.fetch } : {}) }),
      createEmbeddingModel: (config) => createEmbeddingModel({ ...config, ...(provider.fetch ? { fetch: provider.fetch } : {}) }),
    },
    async close() {
      await Promise.all([safeFetch.close(), provider.close()]);
    },
  };
}

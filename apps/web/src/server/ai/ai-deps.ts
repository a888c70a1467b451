import { createProviderFetch } from '@switchboard/core';
import { createSecretBox, DEV_ENCRYPTION_KEY, type SecretBox } from '@switchboard/db';
import { createSafeFetch } from '@switchboard/safe-http';
import { getEnv } from '../../env';

// A model answer is a few kB; a batch of 64 embeddings of 3,072 floats is about 1 MB as base64 (4 MB as JSON numbers).
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** The secret box the provider key is encrypted with (the same keyring as the worker's). */
export function aiSecretBox(): SecretBox {
  const env = getEnv();
  return createSecretBox(env.ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY);
}

/**
 * The fetch "test connection" and knowledge uploads (embeddings) reach a provider with: SSRF-guarded (HTTPS, public addresses)
 * unless AI_PROVIDER_NETWORK=any; `close` releases its connection pool.
 */
export function createAiProviderFetch(): { fetch: typeof fetch | undefined; close: () => Promise<void> } {
  const env = getEnv();
  if (env.AI_PROVIDER_NETWORK === 'any') return { fetch: undefined, close: async () => undefined };
  const forTests = (env.AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (forTests.length > 0 && env.NODE_ENV === 'production') throw new Error('AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS is not allowed in production');
  const guarded = createSafeFetch({
    timeoutMs: 20_000,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    allowHttp: forTests.length > 0,
    ...(forTests.length > 0 ? { allowPrivateForTests: forTests } : {}),
  });
  return { fetch: createProviderFetch(guarded, MAX_RESPONSE_BYTES), close: () => guarded.close() };
}

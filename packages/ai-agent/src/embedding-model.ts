import OpenAI from 'openai';
import type { ChatProviderConfig } from './chat-model';
import { ModelCallError } from './model-call-error';
import { createModelRetries, type ChatModelTiming } from './model-retries';

/** Texts per `/embeddings` request (OpenAI accepts up to 2,048; smaller batches keep each request short). */
export const EMBEDDING_BATCH_SIZE = 64;

/** Vectors for texts, in input order, and the tokens the provider counted. */
export interface Embeddings {
  model: string;
  /** The vectors' length (all equal). */
  dimensions: number;
  vectors: number[][];
  inputTokens: number;
  /** HTTP requests the texts took, retries included. */
  requests: number;
}

/** An embeddings model with the chat calls' retries: `embed` batches texts and retries 429/5xx/timeouts until `deadlineMs`. */
export interface EmbeddingModel {
  readonly model: string;
  embed(texts: string[], options: { deadlineMs: number }): Promise<Embeddings>;
}

/**
 * An embeddings model on the provider's OpenAI-compatible `POST /embeddings`
 * (the `openai` SDK, its own retries off), or null when the provider names no
 * embeddings model. Answers that do not fit (a missing index, vectors of
 * different lengths, non-numbers) are `bad_response` errors.
 */
export function createEmbeddingModel(config: ChatProviderConfig, timing: ChatModelTiming = {}): EmbeddingModel | null {
  const model = config.embeddingModel;
  if (!model) return null;
  const requestTimeout = config.requestTimeoutMs ?? 20_000;
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    maxRetries: 0,
    timeout: requestTimeout,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });
  const withRetries = createModelRetries(timing, requestTimeout);

  return {
    model,
    async embed(texts, { deadlineMs }) {
      const vectors: number[][] = [];
      let inputTokens = 0;
      let requests = 0;
      for (let start = 0; start < texts.length; start += EMBEDDING_BATCH_SIZE) {
        const batch = texts.slice(start, start + EMBEDDING_BATCH_SIZE);
        const result = await withRetries(deadlineMs, async (timeout, attempt) => {
          requests += 1;
          const response = await client.embeddings.create({ model, input: batch }, { timeout });
          const ordered: number[][] = new Array<number[]>(batch.length);
          for (const item of response.data) {
            const vector = Array.from(item.embedding as ArrayLike<number>);
            if (!Number.isInteger(item.index) || item.index < 0 || item.index >= batch.length || !vector.every(Number.isFinite)) {
              throw new ModelCallError('bad_response', 'the embeddings answer does not match the request', undefined, attempt);
            }
            ordered[item.index] = vector;
          }
          if (ordered.some((v) => v === undefined) || response.data.length !== batch.length) {
            throw new ModelCallError('bad_response', `the embeddings answer has ${response.data.length} vectors for ${batch.length} texts`, undefined, attempt);
          }
          return { vectors: ordered, tokens: response.usage?.prompt_tokens ?? 0 };
        });
        vectors.push(...result.vectors);
        inputTokens += result.tokens;
      }
      const dimensions = vectors[0]?.length ?? 0;
      if (vectors.some((v) => v.length !== dimensions || v.length === 0)) {
        throw new ModelCallError('bad_response', 'the embeddings answer has vectors of different or zero length');
      }
      return { model, dimensions, vectors, inputTokens, requests };
    },
  };
}

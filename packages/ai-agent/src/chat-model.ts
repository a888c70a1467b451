import OpenAI, { toFile } from 'openai';
import type { ChatCompletionMessage, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { ModelCallError, type ModelFailureKind } from './model-call-error';

/** Where the model lives: OpenAI or any OpenAI-compatible server (Ollama, vLLM, LM Studio, OpenRouter). */
export interface ChatProviderConfig {
  baseUrl: string;
  apiKey: string;
  /** The default model; a request may name another. */
  model: string;
  /** Ceiling of one HTTP request (the turn's time budget may cut it shorter). Default 20 s. */
  requestTimeoutMs?: number;
  /** Injected fetch (tests, proxies); the SDK's own by default. */
  fetch?: typeof fetch;
}

/** One chat-completions call. */
export interface ChatRequest {
  messages: ChatCompletionMessageParam[];
  tools?: ChatCompletionTool[];
  model?: string;
  temperature?: number;
  maxOutputTokens?: number;
  /** A JSON schema the reply must follow (`response_format: json_schema`). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

/** Tokens one call (or one turn, summed) used. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatResult {
  message: ChatCompletionMessage;
  usage: TokenUsage;
  model: string;
  /** HTTP attempts this call took (1 without retries). */
  attempts: number;
}

/** A chat model with retries: `complete` retries 429/5xx/timeouts with backoff until `deadlineMs`. */
export interface ChatModel {
  readonly defaultModel: string;
  complete(request: ChatRequest, options: { deadlineMs: number }): Promise<ChatResult>;
  /** Transcribes audio with the provider's OpenAI-compatible `/audio/transcriptions` (same retries). */
  transcribe(audio: { bytes: Uint8Array; mimeType: string }, options: { model: string; deadlineMs: number }): Promise<string>;
}

/** Clock and sleep, injected so tests need not wait for real backoffs. */
export interface ChatModelTiming {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** First backoff; doubles per retry (with jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** Longest single backoff. Default 8 s. */
  maxDelayMs?: number;
}

// Below this much remaining budget a new attempt is not worth starting.
const MIN_ATTEMPT_MS = 250;

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

interface Classified {
  kind: ModelFailureKind;
  retry: boolean;
  status?: number;
  waitMs?: number;
  message: string;
}

function classify(error: unknown): Classified {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { kind: 'timeout', retry: true, message: 'the model did not answer in time' };
  if (error instanceof OpenAI.APIConnectionError) {
    // An injected SSRF-guarded fetch refused the URL: asking again cannot help.
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    if (cause?.code === 'UNSAFE_URL') return { kind: 'refused', retry: false, message: `the provider URL is not allowed: ${String(cause.message)}` };
    return { kind: 'network', retry: true, message: `cannot reach the model: ${error.message}` };
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    const waitMs = retryAfterMs(error.headers as Headers | undefined);
    const message = `the model answered ${status ?? 'an error'}: ${error.message}`.slice(0, 300);
    if (status === 429) return { kind: 'rate_limited', retry: true, status, message, ...(waitMs === undefined ? {} : { waitMs }) };
    if (status === undefined || status >= 500 || status === 408 || status === 409) {
      return { kind: 'server_error', retry: true, ...(status === undefined ? {} : { status }), message, ...(waitMs === undefined ? {} : { waitMs }) };
    }
    return { kind: 'refused', retry: false, status, message };
  }
  return { kind: 'network', retry: false, message: error instanceof Error ? error.message : String(error) };
}

/** Creates a chat model on the `openai` SDK with the SDK's own retries off: the time budget rules here. */
export function createChatModel(config: ChatProviderConfig, timing: ChatModelTiming = {}): ChatModel {
  const now = timing.now ?? Date.now;
  const sleep = timing.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const baseDelay = timing.baseDelayMs ?? 500;
  const maxDelay = timing.maxDelayMs ?? 8_000;
  const requestTimeout = config.requestTimeoutMs ?? 20_000;
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    maxRetries: 0,
    timeout: requestTimeout,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });

  /** Runs `call` with the remaining time as its timeout, retrying transient failures until the deadline. */
  async function withRetries<T>(deadlineMs: number, call: (timeoutMs: number, attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const remaining = deadlineMs - now();
      if (remaining < MIN_ATTEMPT_MS) throw new ModelCallError('time_budget', 'the time budget for the model ran out', undefined, attempt - 1);
      try {
        return await call(Math.min(requestTimeout, remaining), attempt);
      } catch (error) {
        if (error instanceof ModelCallError) throw error;
        const failure = classify(error);
        if (!failure.retry) throw new ModelCallError(failure.kind, failure.message, failure.status, attempt);
        const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
        const wait = Math.max(failure.waitMs ?? 0, backoff);
        if (now() + wait + MIN_ATTEMPT_MS > deadlineMs) {
          throw new ModelCallError(failure.kind, `${failure.message} (gave up after ${attempt} attempts: the time budget ran out)`, failure.status, attempt);
        }
        await sleep(wait);
      }
    }
  }

  return {
    defaultModel: config.model,
    async transcribe(audio, { model, deadlineMs }) {
      const extension = audio.mimeType.split('/')[1]?.split(';')[0]?.trim() || 'ogg';
      return withRetries(deadlineMs, async (timeout) => {
        const file = await toFile(audio.bytes, `voice.${extension}`, { type: audio.mimeType });
        const result = await client.audio.transcriptions.create({ file, model }, { timeout });
        return result.text;
      });
    },
    async complete(request, { deadlineMs }) {
      const model = request.model ?? config.model;
      return withRetries(deadlineMs, async (timeout, attempt) => {
        const completion = await client.chat.completions.create(
          {
            model,
            messages: request.messages,
            ...(request.tools && request.tools.length > 0 ? { tools: request.tools } : {}),
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
            ...(request.maxOutputTokens === undefined ? {} : { max_tokens: request.maxOutputTokens }),
            ...(request.jsonSchema
              ? { response_format: { type: 'json_schema' as const, json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: false } } }
              : {}),
          },
          { timeout },
        );
        const message = completion.choices[0]?.message;
        if (!message) throw new ModelCallError('bad_response', 'the model answered without a choice', undefined, attempt);
        return {
          message,
          usage: { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 },
          model: completion.model || model,
          attempts: attempt,
        };
      });
    },
  };
}

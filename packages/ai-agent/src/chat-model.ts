import OpenAI, { toFile } from 'openai';
import type { ChatCompletionMessage, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { ModelCallError } from './model-call-error';
import { createModelRetries, type ChatModelTiming } from './model-retries';

export type { ChatModelTiming } from './model-retries';

/** Where the model lives: OpenAI or any OpenAI-compatible server (Ollama, vLLM, LM Studio, OpenRouter). */
export interface ChatProviderConfig {
  baseUrl: string;
  apiKey: string;
  /** The default model; a request may name another. */
  model: string;
  /** Ceiling of one HTTP request (the turn's time budget may cut it shorter). Default 20 s. */
  requestTimeoutMs?: number;
  /** The embeddings model knowledge is indexed with (`/embeddings`); without it retrieval is full-text only. */
  embeddingModel?: string;
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

/** Creates a chat model on the `openai` SDK with the SDK's own retries off: the time budget rules here. */
export function createChatModel(config: ChatProviderConfig, timing: ChatModelTiming = {}): ChatModel {
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

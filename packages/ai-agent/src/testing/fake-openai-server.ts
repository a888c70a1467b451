// A local stand-in for an OpenAI-compatible server, speaking the real
// chat-completions wire format (assistant content, tool_calls, usage, error
// bodies with retry-after) and `/embeddings` (deterministic hashed
// bag-of-words vectors, float or base64). Tests script its answers; it never reaches a host.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { encodeFloat32Base64, fakeEmbedding, FAKE_EMBEDDING_DIMENSIONS, parseFakeEmbeddingBody } from './fake-embedding';

/** One chat-completions request as the server received it. */
export interface FakeChatRequest {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  authorization: string | undefined;
}

/** What the server answers to one request. */
export type FakeAnswer =
  | { reply: string; usage?: { input: number; output: number } }
  | { toolCalls: { name: string; arguments: Record<string, unknown> | string; id?: string }[]; content?: string; usage?: { input: number; output: number } }
  | { error: { status: number; message?: string; code?: string; retryAfterSeconds?: number; retryAfterMs?: number } }
  /** Never answers (the client's timeout fires). */
  | { hang: true };

export type FakeStep = FakeAnswer | ((request: FakeChatRequest) => FakeAnswer);

/** One `/audio/transcriptions` request (multipart) as received. */
export interface FakeTranscriptionRequest {
  model: string;
  filename: string;
  mimeType: string;
  bytes: number;
}

/** What the server answers to a transcription request. */
export type FakeTranscriptionAnswer = { text: string } | { error: { status: number; message?: string } };

/** One valid `/embeddings` request as received. */
export interface FakeEmbeddingRequest {
  model: string;
  input: string[];
  encodingFormat: 'float' | 'base64';
}

/** A failure every `/embeddings` request answers while it is set. */
export interface FakeEmbeddingFailure {
  status: number;
  message?: string;
}

export interface FakeOpenAiServer {
  /** Base URL to give the SDK (`http://127.0.0.1:<port>/v1`). */
  baseUrl: string;
  /** Every chat-completions request received, in order. */
  requests: FakeChatRequest[];
  /** Queues answers, used in order; when the queue is empty the responder (if any) answers, else a 500. */
  script(...steps: FakeStep[]): void;
  /** Answers every request the script does not cover. */
  respondWith(step: FakeStep | null): void;
  /** Every transcription request received, in order. */
  transcriptions: FakeTranscriptionRequest[];
  /** Queues transcription answers (an empty queue answers 500). */
  scriptTranscription(...answers: FakeTranscriptionAnswer[]): void;
  /** Every valid embeddings request received, in order (invalid ones answer 400 and are not kept). */
  embeddings: FakeEmbeddingRequest[];
  /**
   * Words the embeddings treat as one (`{ reimbursement: 'refund' }`), so a
   * test can make two texts similar that share no word.
   */
  setEmbeddingAliases(aliases: Record<string, string>): void;
  /** Makes every embeddings request fail with this error until cleared with null. */
  failEmbeddings(failure: FakeEmbeddingFailure | null): void;
  /** Forgets requests and queued answers. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_USAGE = { input: 12, output: 7 };

let counter = 0;

function completion(model: string, message: Record<string, unknown>, finishReason: string, usage: { input: number; output: number }) {
  counter += 1;
  return {
    id: `chatcmpl-fake${counter}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, message: { role: 'assistant', refusal: null, ...message }, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  // latin1 keeps every byte (multipart bodies are binary); JSON callers re-decode below.
  return Buffer.concat(chunks).toString('latin1');
}

/** Starts the fake on 127.0.0.1 (a free port unless given). */
export async function startFakeOpenAiServer(
  options: { port?: number; apiKey?: string; /** Length of the fake's embeddings (default 256). */ embeddingDimensions?: number } = {},
): Promise<FakeOpenAiServer> {
  const queue: FakeStep[] = [];
  const requests: FakeChatRequest[] = [];
  let responder: FakeStep | null = null;
  const hanging = new Set<ServerResponse>();
  const transcriptions: FakeTranscriptionRequest[] = [];
  const transcriptionQueue: FakeTranscriptionAnswer[] = [];
  const embeddings: FakeEmbeddingRequest[] = [];
  let embeddingAliases: Record<string, string> = {};
  let embeddingFailure: FakeEmbeddingFailure | null = null;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const auth = req.headers.authorization;
      if (options.apiKey !== undefined && auth !== `Bearer ${options.apiKey}`) {
        send(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
        return;
      }
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'GET' && path === '/v1/models') {
        send(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] });
        return;
      }
      if (req.method === 'POST' && path === '/v1/audio/transcriptions') {
        // Multipart, parsed by the platform's own form-data reader (as a server framework would).
        const raw = Buffer.from(await readBody(req), 'latin1');
        const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: raw }).formData();
        const file = form.get('file');
        transcriptions.push({
          model: String(form.get('model') ?? ''),
          filename: file instanceof File ? file.name : '',
          mimeType: file instanceof File ? file.type : '',
          bytes: file instanceof File ? file.size : 0,
        });
        const answer = transcriptionQueue.shift();
        if (!answer) send(res, 500, { error: { message: 'the fake server has no scripted transcription', type: 'server_error', param: null, code: null } });
        else if ('error' in answer) send(res, answer.error.status, { error: { message: answer.error.message ?? `fake error ${answer.error.status}`, type: 'invalid_request_error', param: null, code: null } });
        else send(res, 200, { text: answer.text });
        return;
      }
      if (req.method === 'POST' && path === '/v1/embeddings') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.from(await readBody(req), 'latin1').toString('utf8'));
        } catch {
          parsed = null;
        }
        const body = parseFakeEmbeddingBody(parsed);
        if (typeof body === 'string') {
          send(res, 400, { error: { message: body, type: 'invalid_request_error', param: null, code: null } });
          return;
        }
        const defaultDimensions = options.embeddingDimensions ?? FAKE_EMBEDDING_DIMENSIONS;
        if (body.dimensions !== undefined && body.dimensions > defaultDimensions) {
          send(res, 400, { error: { message: `This model does not support 'dimensions' above ${defaultDimensions}.`, type: 'invalid_request_error', param: 'dimensions', code: null } });
          return;
        }
        embeddings.push({ model: body.model, input: body.input, encodingFormat: body.encodingFormat });
        if (embeddingFailure) {
          const type = embeddingFailure.status === 429 ? 'requests' : embeddingFailure.status >= 500 ? 'server_error' : 'invalid_request_error';
          send(res, embeddingFailure.status, { error: { message: embeddingFailure.message ?? `fake error ${embeddingFailure.status}`, type, param: null, code: null } });
          return;
        }
        const dimensions = body.dimensions ?? defaultDimensions;
        let tokens = 0;
        const data = body.input.map((text, index) => {
          tokens += (text.match(/[\p{L}\p{N}]+/gu) ?? []).length || 1;
          const vector = fakeEmbedding(text, { dimensions, aliases: embeddingAliases });
          return { object: 'embedding', index, embedding: body.encodingFormat === 'base64' ? encodeFloat32Base64(vector) : vector };
        });
        send(res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
        return;
      }
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        send(res, 404, { error: { message: `Unknown request URL: ${req.method} ${path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } });
        return;
      }
      const body = JSON.parse(Buffer.from(await readBody(req), 'latin1').toString('utf8')) as Omit<FakeChatRequest, 'authorization'>;
      const request: FakeChatRequest = { ...body, authorization: auth };
      requests.push(request);
      const step = queue.shift() ?? responder;
      if (!step) {
        send(res, 500, { error: { message: 'the fake server has no scripted answer for this request', type: 'server_error', param: null, code: null } });
        return;
      }
      const answer = typeof step === 'function' ? step(request) : step;
      if ('hang' in answer) {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if ('error' in answer) {
        const { status, retryAfterSeconds, retryAfterMs } = answer.error;
        const headers: Record<string, string> = {};
        if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
        if (retryAfterMs !== undefined) headers['retry-after-ms'] = String(retryAfterMs);
        const type = status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';
        send(res, status, { error: { message: answer.error.message ?? `fake error ${status}`, type, param: null, code: answer.error.code ?? null } }, headers);
        return;
      }
      if ('reply' in answer) {
        send(res, 200, completion(body.model, { content: answer.reply }, 'stop', answer.usage ?? DEFAULT_USAGE));
        return;
      }
      const toolCalls = answer.toolCalls.map((call, i) => ({
        id: call.id ?? `call_fake${counter}_${i}`,
        type: 'function',
        function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
      }));
      send(res, 200, completion(body.model, { content: answer.content ?? null, tool_calls: toolCalls }, 'tool_calls', answer.usage ?? DEFAULT_USAGE));
    })().catch((error: Error) => send(res, 500, { error: { message: error.message, type: 'server_error', param: null, code: null } }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    transcriptions,
    scriptTranscription: (...answers) => void transcriptionQueue.push(...answers),
    embeddings,
    setEmbeddingAliases: (aliases) => void (embeddingAliases = { ...aliases }),
    failEmbeddings: (failure) => void (embeddingFailure = failure),
    script: (...steps) => void queue.push(...steps),
    respondWith: (step) => void (responder = step),
    reset() {
      queue.length = 0;
      requests.length = 0;
      transcriptions.length = 0;
      transcriptionQueue.length = 0;
      embeddings.length = 0;
      embeddingAliases = {};
      embeddingFailure = null;
      responder = null;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

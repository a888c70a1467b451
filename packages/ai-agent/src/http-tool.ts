import type { SafeRequestInit, SafeResponse } from '@switchboard/safe-http';
import { z } from 'zod';
import { compileJsonSchema, jsonSchemaObjectSchema } from './json-schema';

/** Longest a user-defined HTTP tool may wait for its answer. */
export const HTTP_TOOL_MAX_TIMEOUT_MS = 15_000;
/** Largest response an HTTP tool may read. */
export const HTTP_TOOL_MAX_RESPONSE_BYTES = 256 * 1024;
/** The part of a tool's response the model sees (characters). */
export const HTTP_TOOL_RESULT_CHARS = 8_000;

const toolNameSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'letters, digits, _ or -, at most 64, starting with a letter');

/**
 * A user-defined tool the model may call: its arguments are checked against
 * `parameters` (a JSON schema), then `{{args.x}}` / `{{vars.x}}` placeholders
 * fill the request (URI-encoded in the URL, JSON-encoded in the body, raw in
 * headers), which goes through the SSRF-guarded client.
 */
export const httpToolSchema = z.object({
  name: toolNameSchema,
  description: z.string().min(1).max(1_000),
  parameters: jsonSchemaObjectSchema
    .default({ type: 'object', properties: {} })
    .refine((schema) => schema.type === 'object', 'parameters must be a JSON schema of type "object"')
    .refine((schema) => {
      try {
        compileJsonSchema(schema);
        return true;
      } catch {
        return false;
      }
    }, 'parameters is not a JSON schema this runtime can check'),
  request: z.object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    url: z.string().min(1).max(2_000),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string().max(2_000)).default({}),
    /** Body template; absent on a non-GET request means the arguments as JSON. */
    body: z.string().max(20_000).optional(),
  }),
  timeoutMs: z.number().int().min(100).max(HTTP_TOOL_MAX_TIMEOUT_MS).default(8_000),
  maxResponseBytes: z.number().int().min(1).max(HTTP_TOOL_MAX_RESPONSE_BYTES).default(64 * 1024),
});

export type HttpTool = z.infer<typeof httpToolSchema>;

/** The HTTP port tools call: an SSRF-guarded fetch (packages/safe-http) or a test double of it. */
export type ToolHttpPort = (url: string, init: SafeRequestInit) => Promise<SafeResponse>;

/** A rendered tool request, ready for the port. */
export interface RenderedToolRequest {
  method: HttpTool['request']['method'];
  url: string;
  headers: Record<string, string>;
  body?: string;
}

const PLACEHOLDER = /\{\{\s*(args|vars)\.([A-Za-z0-9_]+)\s*\}\}/g;

function lookup(scope: string, name: string, args: Record<string, unknown>, vars: Record<string, unknown>): unknown {
  return scope === 'args' ? args[name] : vars[name];
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Fills a tool's request template with the model's arguments and the conversation's variables. */
export function renderHttpToolRequest(tool: HttpTool, args: Record<string, unknown>, vars: Record<string, unknown>): RenderedToolRequest {
  const url = tool.request.url.replace(PLACEHOLDER, (_m, scope: string, name: string) => encodeURIComponent(asText(lookup(scope, name, args, vars))));
  const headers: Record<string, string> = {};
  for (const [key, template] of Object.entries(tool.request.headers)) {
    const value = template.replace(PLACEHOLDER, (_m, scope: string, name: string) => asText(lookup(scope, name, args, vars)));
    // A value with a line break could smuggle another header.
    if (/[\r\n]/.test(value)) throw new Error(`header ${key} would contain a line break`);
    headers[key.toLowerCase()] = value;
  }
  let body: string | undefined;
  if (tool.request.body !== undefined) {
    body = tool.request.body.replace(PLACEHOLDER, (_m, scope: string, name: string) => JSON.stringify(lookup(scope, name, args, vars) ?? null));
  } else if (tool.request.method !== 'GET' && tool.request.method !== 'DELETE') {
    body = JSON.stringify(args);
  }
  if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  return { method: tool.request.method, url, headers, ...(body === undefined ? {} : { body }) };
}

/** What the model is told about one HTTP tool call. */
export interface HttpToolOutcome {
  ok: boolean;
  status?: number;
  /** The response text (cut to HTTP_TOOL_RESULT_CHARS), or the error. */
  content: string;
}

/** Runs one HTTP tool call through the port. Never throws: failures become text the model can read. */
export async function runHttpTool(tool: HttpTool, args: Record<string, unknown>, vars: Record<string, unknown>, http: ToolHttpPort): Promise<HttpToolOutcome> {
  let request: RenderedToolRequest;
  try {
    request = renderHttpToolRequest(tool, args, vars);
  } catch (error) {
    return { ok: false, content: `error: ${(error as Error).message}` };
  }
  try {
    const response = await http(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      timeoutMs: tool.timeoutMs,
      maxResponseBytes: tool.maxResponseBytes,
      onOversize: 'error',
    });
    const text = response.body.toString('utf8');
    const content = text.length > HTTP_TOOL_RESULT_CHARS ? `${text.slice(0, HTTP_TOOL_RESULT_CHARS)}…(cut)` : text;
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, content: ok ? content : `HTTP ${response.status}: ${content}` };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, content: `error: ${typeof code === 'string' ? `${code}: ` : ''}${(error as Error).message}` };
  }
}

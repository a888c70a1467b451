import { z } from 'zod';
import type { JsonValue, Variables } from '../json-value';
import { variableNameSchema } from '../json-value';
import { interpolate, referencedVariables } from '../runtime/interpolate';
import { parseJsonPath, readJsonPath } from '../runtime/json-path';
import type { BlockDefinition, BlockFinding, BlockResult } from './block-definition';

/** Largest response body the worker may read for a flow; bigger bodies are an error. */
export const httpMaxResponseBytes = 1024 * 1024;

const dataSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  /** May hold `{{variables}}`; their values are URL-encoded. */
  url: z.string(),
  headers: z.array(z.object({ name: z.string().min(1), value: z.string() })).default([]),
  /** May hold `{{variables}}`; with bodyType json their values are escaped for JSON strings. */
  body: z.string().optional(),
  bodyType: z.enum(['json', 'text']).default('json'),
  timeoutMs: z.number().int().min(100).max(30_000).default(10_000),
  responseMapping: z.array(z.object({ variable: variableNameSchema, path: z.string() })).default([]),
  /** Stores the HTTP status (or null on a network error) when set. */
  statusVariable: variableNameSchema.optional(),
});
export type HttpData = z.infer<typeof dataSchema>;

function failed(nodeId: string, connected: ReadonlySet<string>, set: Variables, why: string): BlockResult {
  const effects = [{ type: 'log' as const, level: 'warn' as const, code: 'http_error', message: why, nodeId }];
  if (connected.has('error')) return { effects, set, outcome: { kind: 'next', handle: 'error' } };
  return { effects, set, outcome: { kind: 'end', reason: 'http_error', detail: why } };
}

/** HTTP request: asks the worker to call a URL (the worker SSRF-guards it), then maps the JSON response into variables. */
export const httpBlock = {
  type: 'http',
  label: 'HTTP request',
  category: 'integration',
  dataSchema,
  defaultData: { method: 'GET', url: '', headers: [], bodyType: 'json', timeoutMs: 10_000, responseMapping: [] },
  pauses: false,
  sendsFreeForm: () => false,
  handles: () => [
    { id: 'success', label: 'Success' },
    { id: 'error', label: 'Error' },
  ],
  reads: (data) =>
    [data.url, data.body ?? '', ...data.headers.flatMap((h) => [h.name, h.value])].flatMap(referencedVariables),
  writes: (data) => [...data.responseMapping.map((m) => m.variable), ...(data.statusVariable ? [data.statusVariable] : [])],
  run(ctx) {
    const { data, variables } = ctx;
    const headers: Record<string, string> = {};
    for (const h of data.headers) headers[h.name.toLowerCase()] = interpolate(h.value, variables);
    const body = data.body === undefined || data.method === 'GET' ? undefined : interpolate(data.body, variables, data.bodyType === 'json' ? 'json' : 'none');
    if (body !== undefined && headers['content-type'] === undefined) {
      headers['content-type'] = data.bodyType === 'json' ? 'application/json' : 'text/plain; charset=utf-8';
    }
    return {
      effects: [
        {
          type: 'http',
          nodeId: ctx.nodeId,
          request: {
            method: data.method,
            url: interpolate(data.url, variables, 'url'),
            headers,
            ...(body === undefined ? {} : { body }),
            timeoutMs: data.timeoutMs,
            maxResponseBytes: httpMaxResponseBytes,
          },
        },
      ],
      outcome: { kind: 'wait', waitingFor: { kind: 'http' } },
    };
  },
  resume(ctx) {
    const event = ctx.event;
    if (event.type !== 'http_result') return { outcome: { kind: 'wait', waitingFor: ctx.waitingFor } };
    const status = event.status ?? null;
    const set: Variables = ctx.data.statusVariable ? { [ctx.data.statusVariable]: status } : {};
    if (event.error !== undefined || status === null || status < 200 || status > 299) {
      return failed(ctx.nodeId, ctx.connectedHandles, set, event.error ?? `HTTP status ${status ?? 'missing'}`);
    }
    for (const mapping of ctx.data.responseMapping) {
      const segments = parseJsonPath(mapping.path);
      const value: JsonValue | undefined = typeof segments === 'string' ? undefined : readJsonPath(event.body, segments);
      Object.assign(set, Object.fromEntries([[mapping.variable, value ?? null]]));
    }
    return { set, outcome: { kind: 'next', handle: 'success' } };
  },
  lint(data, ctx) {
    const findings: BlockFinding[] = [];
    if (!/^(https?:\/\/|\{\{)/i.test(data.url.trim())) {
      findings.push({ severity: 'error', code: 'invalid_url', message: 'the URL must start with http:// or https://' });
    }
    for (const mapping of data.responseMapping) {
      const parsed = parseJsonPath(mapping.path);
      if (typeof parsed === 'string') findings.push({ severity: 'error', code: 'invalid_json_path', message: parsed });
    }
    if (data.body !== undefined && data.method === 'GET') {
      findings.push({ severity: 'warning', code: 'body_ignored', message: 'a GET request sends no body' });
    }
    if (data.body !== undefined && data.bodyType === 'json' && data.method !== 'GET') {
      try {
        JSON.parse(data.body.replace(/\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/g, '0'));
      } catch {
        findings.push({ severity: 'warning', code: 'invalid_json_body', message: 'the body is not valid JSON (placeholders read as values)' });
      }
    }
    if (!ctx.connectedHandles.has('error')) {
      findings.push({ severity: 'warning', code: 'unconnected_handle', message: '"Error" is not connected: a failed request ends the conversation' });
    }
    return findings;
  },
} satisfies BlockDefinition<HttpData, 'http'>;

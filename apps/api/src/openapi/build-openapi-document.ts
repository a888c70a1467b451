import { errorCodeTable, type AppErrorCode } from '@switchboard/core';
import { z } from 'zod';
import type { ApiRoute } from '../routes/v1/api-route';

type JsonSchema = Record<string, unknown>;

/** The error envelope every /api/v1 error uses. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorCodeTable) as [AppErrorCode, ...AppErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

// Every guarded route can answer with these, whatever it does.
const COMMON_ERRORS: readonly AppErrorCode[] = ['unauthorized', 'forbidden', 'rate_limited', 'internal'];
const BODY_ERRORS: readonly AppErrorCode[] = ['invalid_json', 'payload_too_large', 'unsupported_media_type'];
const UPLOAD_ERRORS: readonly AppErrorCode[] = ['payload_too_large', 'unsupported_media_type'];

const rateLimitHeaders = {
  'X-RateLimit-Limit': { description: 'Requests allowed per window (one minute) for this API key', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current window', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'Seconds until the current window ends', schema: { type: 'integer' } },
};

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json['$schema'];
  return json;
}

/** `:id` → `{id}` */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function errorResponses(codes: readonly AppErrorCode[]): Record<string, JsonSchema> {
  const byStatus = new Map<number, AppErrorCode[]>();
  for (const code of codes) {
    const status = errorCodeTable[code].http;
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), code])]);
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `Error: ${statusCodes.join(', ')}`,
      headers: status === 429 ? { ...rateLimitHeaders, 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } : rateLimitHeaders,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return responses;
}

function operationOf(route: ApiRoute): JsonSchema {
  const parameters = [
    ...parametersOf(route.params, 'path'),
    ...parametersOf(route.query, 'query'),
    ...(route.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'Up to 255 printable ASCII characters; remembered for 7 days per workspace',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ]
      : []),
  ];
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = {
      description: response.description,
      headers: {
        ...rateLimitHeaders,
        ...Object.fromEntries(
          Object.entries(response.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
        ),
      },
      ...(response.schema ? { content: { 'application/json': { schema: toSchema(response.schema, 'output') } } } : {}),
    };
  }
  const errors = [...COMMON_ERRORS, ...(route.body ? BODY_ERRORS : []), ...(route.upload ? UPLOAD_ERRORS : []), ...route.errors];
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: [{ apiKey: [] }],
    'x-required-scopes': route.scopes,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } }
      : {}),
    ...(route.upload
      ? {
          requestBody: {
            required: true,
            description: `The file itself (at most ${route.upload.maxBytes} bytes)`,
            content: Object.fromEntries(route.upload.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
          },
        }
      : {}),
    responses: { ...responses, ...errorResponses(errors) },
  };
}

/** The OpenAPI 3.1 document of the public API, generated from the route table and its zod schemas. */
export function buildOpenApiDocument(routes: readonly ApiRoute[], options: { serverUrl?: string } = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.url);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  paths['/api/v1/openapi.json'] = {
    get: {
      operationId: 'getOpenApiDocument',
      summary: 'This document',
      tags: ['Meta'],
      security: [],
      responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard API',
      version: '1.0.0',
      description:
        'Send WhatsApp messages and manage channels. Authenticate with Authorization: Bearer <api key>. See docs/api.md for idempotency, rate limits and errors.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (sb_live_…) with the scopes the operation lists in x-required-scopes' },
      },
      schemas: { Error: toSchema(errorBodySchema, 'output') },
    },
  };
}

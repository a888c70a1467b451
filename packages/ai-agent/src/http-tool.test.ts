import { describe, expect, it } from 'vitest';
import { httpToolSchema, renderHttpToolRequest } from './http-tool';

const tool = (request: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  httpToolSchema.parse({ name: 'crm', description: 'CRM lookup', request, ...extra });

describe('renderHttpToolRequest', () => {
  it('URI-encodes URL values, JSON-encodes body values and keeps header values raw', () => {
    const rendered = renderHttpToolRequest(
      tool({ method: 'POST', url: 'https://crm.example.com/find?q={{args.q}}&t={{vars.team}}', headers: { 'X-Team': '{{vars.team}}' }, body: '{"q": {{args.q}}, "n": {{args.n}}}' }),
      { q: 'a&b "c"', n: 3 },
      { team: 'sales eu' },
    );
    expect(rendered).toEqual({
      method: 'POST',
      url: 'https://crm.example.com/find?q=a%26b%20%22c%22&t=sales%20eu',
      headers: { 'x-team': 'sales eu', 'content-type': 'application/json' },
      body: '{"q": "a&b \\"c\\"", "n": 3}',
    });
  });

  it('sends the arguments as JSON when a non-GET tool has no body template', () => {
    expect(renderHttpToolRequest(tool({ method: 'POST', url: 'https://x.example/a' }), { a: 1 }, {}).body).toBe('{"a":1}');
    expect(renderHttpToolRequest(tool({ url: 'https://x.example/a' }), { a: 1 }, {}).body).toBeUndefined();
  });

  it('refuses a header value that would carry a line break', () => {
    expect(() => renderHttpToolRequest(tool({ url: 'https://x.example', headers: { 'X-A': '{{args.v}}' } }), { v: 'a\r\nHost: evil' }, {})).toThrow(/line break/);
  });

  it('rejects tools whose parameters are not an object schema, and caps timeouts and sizes', () => {
    expect(httpToolSchema.safeParse({ name: 'x', description: 'd', parameters: { type: 'string' }, request: { url: 'https://x' } }).success).toBe(false);
    expect(httpToolSchema.safeParse({ name: 'x', description: 'd', request: { url: 'https://x' }, timeoutMs: 60_000 }).success).toBe(false);
    expect(httpToolSchema.safeParse({ name: 'x', description: 'd', request: { url: 'https://x' }, maxResponseBytes: 10_000_000 }).success).toBe(false);
    expect(httpToolSchema.safeParse({ name: '1bad name', description: 'd', request: { url: 'https://x' } }).success).toBe(false);
  });
});

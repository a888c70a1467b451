import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const secret = 'proxy-test-secret-0123456789';

beforeAll(() => {
  vi.stubEnv('DATABASE_URL', 'postgresql://postgres@127.0.0.1:5432/unused');
  vi.stubEnv('NEXTAUTH_SECRET', secret);
  vi.stubEnv('APP_URL', 'http://localhost:3000');
  vi.stubEnv('NEXTAUTH_URL', 'http://localhost:3000');
  vi.stubEnv('API_URL', 'http://127.0.0.1:4567');
});

afterAll(() => {
  vi.unstubAllEnvs();
});

async function run(path: string, cookie?: string) {
  const { proxy } = await import('./proxy');
  const headers = cookie ? { cookie } : undefined;
  return proxy(new NextRequest(new URL(path, 'http://localhost:3000'), { headers }));
}

describe('proxy', () => {
  it('sends signed-out visitors of dashboard pages to /login with a return path', async () => {
    const response = await run('/w/demo?tab=bots');
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('callbackUrl')).toBe('/w/demo?tab=bots');
    expect(new URL((await run('/')).headers.get('location') ?? '').search).toBe('');
  });

  it('lets a valid session through and rejects a forged one', async () => {
    const token = await encode({ token: { sub: 'user-1', email: 'a@example.com' }, secret });
    const ok = await run('/w/demo', `next-auth.session-token=${token}`);
    expect(ok.headers.get('x-middleware-next')).toBe('1');
    const forged = await encode({ token: { sub: 'user-1' }, secret: 'another-secret-0123456789' });
    expect((await run('/w/demo', `next-auth.session-token=${forged}`)).status).toBe(307);
  });

  it('rewrites /api/v1 to the API server, keeping path and query', async () => {
    const response = await run('/api/v1/messages?limit=5');
    expect(response.headers.get('x-middleware-rewrite')).toBe('http://127.0.0.1:4567/api/v1/messages?limit=5');
    const chatwoot = await run('/api/integrations/chatwoot/0192/webhook');
    expect(chatwoot.headers.get('x-middleware-rewrite')).toBe('http://127.0.0.1:4567/api/integrations/chatwoot/0192/webhook');
    // The Meta webhook URL channels show (APP_URL + /api/webhooks/whatsapp) reaches the api.
    const meta = await run('/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=t&hub.challenge=1');
    expect(meta.headers.get('x-middleware-rewrite')).toBe('http://127.0.0.1:4567/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=t&hub.challenge=1');
  });
});

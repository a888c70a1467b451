import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`sandbox exited early with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('sandbox did not become healthy');
}

describe('sandbox as a real process', () => {
  let child: ChildProcess;
  let base: string;
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: appDir,
      env: { ...process.env, SANDBOX_PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForHealth(base, child);
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves the Graph API, control API, phone page and metrics, then stops cleanly on SIGTERM', async () => {
    const put = await fetch(`${base}/_sandbox/numbers/555000111`, {
      method: 'PUT',
      body: JSON.stringify({ display_phone_number: '15550001111', waba_id: '42', access_token: 'tok', app_secret: 'sec', enforce_service_window: false }),
    });
    expect(put.status).toBe(201);
    const send = await fetch(`${base}/v24.0/555000111/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: '15551230001', type: 'text', text: { body: 'hi' } }),
    });
    expect(send.status).toBe(200);
    const ledger = (await (await fetch(`${base}/_sandbox/ledger`)).json()) as { total: number };
    expect(ledger.total).toBe(1);
    expect((await fetch(`${base}/phone`)).headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${base}/phone/app.js`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('sandbox_sends_accepted_total');

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('sandbox stopped');
  });
});

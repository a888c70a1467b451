import { freePort, spawnApp, type RunningApp } from '@switchboard/testing';

/** One request the receiver process saw, with what it answered. */
export interface ReceivedRequest {
  path: string;
  webhookId: string | undefined;
  timestamp: string | undefined;
  signatures: number;
  verifiedWith: number[];
  body: string;
  type: string | undefined;
  status: number;
  receivedAt: number;
  answeredAt: number;
}

/** Drives the receiver process (standard-webhook-receiver.ts) over its control API. */
export async function startReceiverProcess() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app: RunningApp = await spawnApp(
    'apps/worker/src/processors/customer-webhooks/testing/standard-webhook-receiver.ts',
    { RECEIVER_PORT: String(port) },
    `${base}/healthz`,
  );
  const put = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, { method: 'PUT', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`receiver ${path}: ${res.status}`);
  };
  return {
    base,
    hostPort: `127.0.0.1:${port}`,
    app,
    /** The endpoint URL for a path. */
    url: (path: string) => `${base}${path}`,
    setSecrets: (path: string, secrets: string[]) => put('/_control/secrets', { path, secrets }),
    script: (path: string, script: { sequence?: number[]; then?: number; retryAfter?: string; delayMs?: number; delayTypes?: string[] }) =>
      put('/_control/script', { path, sequence: script.sequence ?? [], then: script.then ?? 200, ...script }),
    async received(path?: string): Promise<ReceivedRequest[]> {
      const res = await fetch(`${base}/_control/received${path ? `?path=${encodeURIComponent(path)}` : ''}`);
      return ((await res.json()) as { data: ReceivedRequest[] }).data;
    },
    /** Polls until `predicate` holds for the path's requests; returns them. */
    async waitFor(path: string, predicate: (requests: ReceivedRequest[]) => boolean, timeoutMs = 30_000): Promise<ReceivedRequest[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const requests = await this.received(path);
        if (predicate(requests)) return requests;
        if (Date.now() > deadline) throw new Error(`receiver ${path}: condition not met within ${timeoutMs} ms; got ${JSON.stringify(requests.map((r) => [r.type, r.status]))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => app.stop(),
  };
}
export type ReceiverProcess = Awaited<ReturnType<typeof startReceiverProcess>>;

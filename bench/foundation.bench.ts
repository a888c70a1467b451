// Foundation benchmarks: the API server's overhead against bare node:http,
// the sandbox's send throughput (it must never be the bottleneck of a
// pipeline benchmark), and the cost of verifying + parsing one Meta webhook.
import { signPayload, parseWebhook, verifySignature } from '@switchboard/whatsapp';
import { load, type LoadResult } from './load';
import { startProcess } from './processes';

export async function foundationBenchmarks(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};

  const baseline = await startProcess(['--import', 'tsx', 'bench/baseline-server.ts', '3901'], {}, 'http://127.0.0.1:3901/');
  const baselineLoad = await load({ url: 'http://127.0.0.1:3901/' });
  await baseline.stop();

  const api = await startProcess(['apps/api/dist/main.js'], { API_PORT: '3911' }, 'http://127.0.0.1:3911/healthz');
  const apiLoad = await load({ url: 'http://127.0.0.1:3911/healthz' });
  await api.stop();
  results['api_healthz_vs_node_http'] = {
    node_http: baselineLoad,
    api: apiLoad,
    throughput_ratio: round(apiLoad.requests_per_second / baselineLoad.requests_per_second),
  };

  results['sandbox_send'] = await sandboxSend();
  results['webhook_verify_and_parse'] = verifyAndParse();
  return results;
}

async function sandboxSend(): Promise<LoadResult> {
  const base = 'http://127.0.0.1:3912';
  const sandbox = await startProcess(['apps/sandbox/dist/main.js'], { SANDBOX_PORT: '3912', SANDBOX_PUBLIC_URL: base }, `${base}/healthz`);
  try {
    const put = await fetch(`${base}/_sandbox/numbers/190000000000001`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        display_phone_number: '15550009999', waba_id: '290000000000001', access_token: 'bench-token', app_secret: 'bench-secret',
        throughput_mps: 100_000, pair_rate: null, enforce_service_window: false, status_delays_ms: { sent: 0, delivered: 0, read: null },
      }),
    });
    if (!put.ok) throw new Error(`sandbox refused the bench number: ${put.status} ${await put.text()}`);
    let n = 0;
    return await load({
      url: `${base}/v24.0/190000000000001/messages`,
      method: 'POST',
      headers: { authorization: 'Bearer bench-token', 'content-type': 'application/json' },
      body: () => JSON.stringify({ messaging_product: 'whatsapp', to: `1555${String(n++ % 100_000).padStart(7, '0')}`, type: 'text', text: { body: 'bench' } }),
    });
  } finally {
    await sandbox.stop();
  }
}

function verifyAndParse(): { ops_per_second_median: number; runs: number } {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
      contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
      messages: [{ from: '16505551234', id: 'wamid.X', timestamp: '1749416383', type: 'text', text: { body: 'Does it come in another color?' } }],
    } }] }],
  });
  const raw = Buffer.from(body);
  const header = signPayload(raw, 'bench-secret');
  const rates: number[] = [];
  for (let run = 0; run < 7; run += 1) {
    const iterations = 20_000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i += 1) {
      if (!verifySignature(raw, header, 'bench-secret')) throw new Error('signature mismatch');
      parseWebhook(JSON.parse(body));
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(iterations / seconds);
  }
  rates.sort((a, b) => a - b);
  return { ops_per_second_median: Math.round(rates[3]!), runs: rates.length };
}

const round = (x: number) => Math.round(x * 100) / 100;

// Runs inside `unshare -n` with only loopback up (reliability-plan §0): every
// corpus URL goes through a real safe fetch while canary listeners on loopback
// count connections. Outside loopback there is no route, so even a broken guard
// could not send a packet anywhere. Prints one JSON report on stdout.
import net from 'node:net';
import os from 'node:os';
import http from 'node:http';
import { request } from 'undici';
import { BYPASS_CORPUS, assertSafeUrl, bypassCorpusLookup, createSafeFetch, effectivePort, type HostLookup } from '../src/index';

interface Canary {
  port: number;
  hits: number;
  server: net.Server;
}

async function listen(port: number): Promise<Canary> {
  const canary: Canary = { port, hits: 0, server: net.createServer() };
  canary.server.on('connection', (socket) => {
    canary.hits += 1;
    socket.destroy();
  });
  // '::' without ipv6Only also takes IPv4 (mapped), so one socket covers both loopbacks.
  await new Promise<void>((resolve, reject) => {
    canary.server.once('error', reject);
    canary.server.listen({ port, host: '::', ipv6Only: false }, resolve);
  });
  return canary;
}

function errorSummary(err: unknown): { name: string; reason?: string; code?: string } {
  const e = err as { name?: string; reason?: string; code?: string };
  return { name: e.name ?? 'unknown', reason: e.reason, code: e.code };
}

const interfaces = Object.keys(os.networkInterfaces());
if (interfaces.length !== 1 || interfaces[0] !== 'lo') {
  process.stderr.write(`refusing to run outside an isolated namespace; interfaces: ${interfaces.join(',')}\n`);
  process.exit(2);
}

const ports = new Set<number>([18080]);
for (const { url } of BYPASS_CORPUS) {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') ports.add(effectivePort(parsed));
  } catch {
    // Malformed corpus URLs have no port to watch.
  }
}
ports.delete(0);
const canaries = await Promise.all([...ports].map(listen));
const totalHits = (): number => canaries.reduce((sum, c) => sum + c.hits, 0);

// Control 1: an unguarded client does reach a canary, so the counters can fail.
const plain = await request('http://127.0.0.1:80/').then(
  () => 'connected',
  (err: unknown) => errorSummary(err).code ?? 'error',
);
const controlHits = totalHits();
// Control 2: nothing outside loopback is routable here.
const outbound = await new Promise<string>((resolve) => {
  const socket = net.connect({ host: '10.0.0.1', port: 80 });
  socket.once('connect', () => {
    socket.destroy();
    resolve('connected');
  });
  socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
});
for (const c of canaries) c.hits = 0;

const safeFetch = createSafeFetch({ timeoutMs: 3000, maxResponseBytes: 4096, allowHttp: true, lookup: bypassCorpusLookup });
const results = [];
for (const entry of BYPASS_CORPUS) {
  const outcome = await safeFetch(entry.url).then(
    (res) => ({ name: 'response', status: res.status }),
    (err: unknown) => errorSummary(err),
  );
  results.push({ url: entry.url, expected: entry.reason, ...outcome });
}
const corpusHits = totalHits();

// Rebinding: public when validated, loopback when the socket connects.
let rebindCalls = 0;
const rebinding: HostLookup = async () => [{ address: rebindCalls++ === 0 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
const rebindUrl = 'http://rebind.attacker.example:18080/';
const rebindValidated = await assertSafeUrl(rebindUrl, { allowHttp: true, lookup: rebinding }).then(() => true, () => false);
const rebindFetch = createSafeFetch({ timeoutMs: 3000, maxResponseBytes: 4096, allowHttp: true, lookup: rebinding });
const rebind = await rebindFetch(rebindUrl).then(
  (res) => ({ name: 'response', status: res.status }),
  (err: unknown) => errorSummary(err),
);
const rebindHits = totalHits() - corpusHits;

// Redirect: an allowed server answers 302 to a canary; the canary must stay silent.
const redirector = http.createServer((_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:18080/' }).end());
await new Promise<void>((resolve) => redirector.listen(18081, '127.0.0.1', resolve));
const redirectFetch = createSafeFetch({ timeoutMs: 3000, maxResponseBytes: 4096, allowHttp: true, allowPrivateForTests: ['127.0.0.1:18081'] });
const redirectStatus = (await redirectFetch('http://127.0.0.1:18081/')).status;
const redirectHits = totalHits() - corpusHits - rebindHits;

await Promise.all([safeFetch.close(), rebindFetch.close(), redirectFetch.close()]);
redirector.close();
for (const c of canaries) c.server.close();

process.stdout.write(
  JSON.stringify({
    interfaces,
    canaryPorts: [...ports],
    control: { plain, controlHits, outbound },
    results,
    corpusHits,
    rebind: { validated: rebindValidated, lookups: rebindCalls, outcome: rebind, hits: rebindHits },
    redirect: { status: redirectStatus, hits: redirectHits },
  }),
);

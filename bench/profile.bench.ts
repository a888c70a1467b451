// CPU profiles of the hot paths: the api and the worker restarted under
// `node --cpu-prof`, driven by the send path at 865 msg/s and the keyword bot
// at 900 webhooks/s; the profiles land in run/profiles when they stop.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_BOT_SETTINGS, driveInbound, keywordFlow } from './bots.bench';
import { epochMs, openLoop, sleep } from './open-loop';
import { apiBase, PROFILE_DIR, type Stack } from './stack';

/** Runs both hot paths under the profiler; returns the .cpuprofile paths (api first, then worker). */
export async function profileHotPaths(stack: Stack, seconds: number): Promise<string[]> {
  rmSync(PROFILE_DIR, { recursive: true, force: true });
  const p = await stack.workspace('profile', 3, 10_000);
  const k = await stack.workspace('profile-bot', 1, 0);
  await stack.flowBot(k.id, k.channels[0]!.id, keywordFlow, BENCH_BOT_SETTINGS);
  for (const channel of [...p.channels, ...k.channels]) await stack.registerNumber(channel, { statusWebhooks: false });
  await stack.startApi({ profile: true });
  await stack.startWorkers(1, { profile: true });
  try {
    let i = 0;
    const headers = { authorization: `Bearer ${p.apiKey}`, 'content-type': 'application/json' };
    await openLoop({
      origin: apiBase,
      rate: 865,
      seconds,
      request: () => {
        i += 1;
        const body = { channel_id: p.channels[i % 3]!.id, to: p.recipients[Math.floor(i / 3) % p.recipients.length], type: 'text', text: { body: 'profile' } };
        return { path: '/api/v1/messages', method: 'POST', headers, body: JSON.stringify(body) };
      },
    });
    await stack.waitForLedger(Math.round(865 * seconds), 3000, 30_000);
    await driveInbound(k.channels[0]!, 900, seconds, 1);
    const deadline = epochMs() + 30_000;
    while ((await stack.ledgerCount()) < Math.round(865 * seconds + 900 * seconds) && epochMs() < deadline) await sleep(250);
  } finally {
    await stack.stopWorkers();
    await stack.stopApi();
  }
  await stack.takeLedger();
  await stack.resetMessages();
  const files = readdirSync(PROFILE_DIR).filter((f) => f.endsWith('.cpuprofile')).sort();
  return files.map((f) => join(PROFILE_DIR, f));
}

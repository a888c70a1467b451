#!/usr/bin/env node
// `npm start`: from a fresh clone to a running demo. Installs what is
// missing, finds or starts Postgres and Redis, migrates, seeds the demo,
// builds, runs web, api, worker and sandbox with prefixed logs, registers
// the demo number with the sandbox (webhooks to the api, so the demo bot
// answers on the phone page) and prints where everything is.
// Ctrl-C stops all four apps.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/install.mjs';
import { localEnv } from './lib/local-env.mjs';
import { capture, run, startPrefixed, stopAll } from './lib/run.mjs';
import { metaWebhookUrl, registerSandboxNumber } from './lib/sandbox-number.mjs';
import { ensureServices } from './lib/services.mjs';

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const env = localEnv();

const step = (text) => console.log(`\n▸ ${text}`);
const children = [];
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping web, api, worker and sandbox…');
  await stopAll(children);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function waitHealthy(name, url, seconds = 120) {
  for (let i = 0; i < seconds * 2; i += 1) {
    if (stopping) return;
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} did not become healthy at ${url} within ${seconds}s (see its log lines above)`);
}

try {
  step('Dependencies');
  ensureDependencies();

  step('PostgreSQL and Redis');
  for (const result of await ensureServices({ databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL })) {
    console.log(`  ${result.name}: ${result.started ? `started (${result.started})` : 'running'}`);
  }

  step('Migrations');
  run('npm', ['run', '-s', 'db:migrate'], { env });

  step('Demo data');
  const demo = JSON.parse(capture('npm', ['run', '-s', 'seed', '-w', '@switchboard/db', '--', '--json'], { env }));

  step('Build');
  run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { env });

  step('Starting web, api, worker and sandbox');
  const apps = [
    ['sandbox', '@switchboard/sandbox'],
    ['api', '@switchboard/api'],
    ['worker', '@switchboard/worker'],
    ['web', '@switchboard/web'],
  ];
  for (const [name, workspace] of apps) {
    const child = startPrefixed(name, 'npm', ['run', 'start', '--silent', '-w', workspace], { env });
    child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`\n${name} exited (${code ?? signal}); stopping the rest.`);
        void shutdown(1);
      }
    });
    children.push(child);
  }

  await waitHealthy('sandbox', `${env.SANDBOX_PUBLIC_URL}/healthz`);
  await waitHealthy('api', `${env.API_URL}/healthz`);
  // The sandbox does Meta's handshake against the api, then sends the demo number's webhooks there.
  await registerSandboxNumber(env.SANDBOX_PUBLIC_URL, demo.sandbox, { webhookUrl: metaWebhookUrl(env.API_URL) });
  await waitHealthy('web', `http://127.0.0.1:${env.PORT}/api/healthz`, 180);

  console.log(`
┌───────────────────────────────────────────────────────────────
│ Switchboard is running
│
│   Dashboard      ${env.APP_URL}
│   Demo login     ${demo.user_email}  /  ${demo.user_password}
│   Sandbox phone  ${env.SANDBOX_PUBLIC_URL}/phone
│   Public API     ${env.API_URL}/api/v1   (also ${env.APP_URL}/api/v1)
│   API key        ${demo.api_key}
│   Demo channel   ${demo.channel_id} (phone_number_id ${demo.phone_number_id})
│
│ Ctrl-C stops everything.
└───────────────────────────────────────────────────────────────`);
} catch (error) {
  console.error(`\n✖ ${error.message}`);
  await shutdown(error.exitCode ?? 1);
}

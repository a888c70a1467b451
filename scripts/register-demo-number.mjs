#!/usr/bin/env node
// Registers the demo number with the sandbox at SANDBOX_URL, with its webhooks
// going to the api at API_URL (when set), so the demo bot answers. Reads the
// `npm run seed -- --json` output from the file named as the first argument,
// or from stdin. Used by docker-compose's demo-number service.
import { readFileSync } from 'node:fs';
import { metaWebhookUrl, registerSandboxNumber } from './lib/sandbox-number.mjs';

let input = '';
if (process.argv[2]) input = readFileSync(process.argv[2], 'utf8');
else for await (const chunk of process.stdin) input += chunk;
const demo = JSON.parse(input);
const sandboxUrl = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3100';
const webhookUrl = process.env.API_URL ? metaWebhookUrl(process.env.API_URL) : undefined;
try {
  await registerSandboxNumber(sandboxUrl, demo.sandbox, { webhookUrl, attempts: 120 });
  console.log(`registered ${demo.sandbox.phone_number_id} with the sandbox at ${sandboxUrl}${webhookUrl ? `, webhooks to ${webhookUrl}` : ''}`);
} catch (error) {
  console.error(`✖ ${error.message}`);
  process.exit(1);
}

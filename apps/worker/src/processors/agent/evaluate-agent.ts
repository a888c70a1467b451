// `npm run agent:eval -- --bot <bot id> --file <conversations.json> [--settings <agent.json>] [--live-tools] [--json]`
// Replays recorded conversations against a bot's agent configuration (or a
// changed one from --settings) and reports, per conversation, whether the
// expected tool calls and handoffs happened. Exit code 0: all passed; 1: some
// failed; 2: bad usage or configuration. See docs/ai-agent.md.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createChatModel, evaluateConversations, evaluationFileSchema, formatEvaluationReport } from '@switchboard/ai-agent';
import { isAppError, loadBotAgent } from '@switchboard/core';
import { createPrismaClient, createSecretBox } from '@switchboard/db';
import { createSafeFetch } from '@switchboard/safe-http';
import { loadConfig } from '../../config';

const USAGE = 'usage: agent:eval --bot <bot id> --file <conversations.json> [--settings <agent settings.json>] [--live-tools] [--json]';

function fail(message: string): never {
  process.stderr.write(`agent:eval: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return fail(`cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(`the ${what} ${path} is not JSON: ${(error as Error).message}`);
  }
}

let parsedArgs;
try {
  parsedArgs = parseArgs({
    options: { bot: { type: 'string' }, file: { type: 'string' }, settings: { type: 'string' }, 'live-tools': { type: 'boolean' }, json: { type: 'boolean' } },
    strict: true,
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (!parsedArgs.bot || !parsedArgs.file) fail('--bot and --file are required');

const file = evaluationFileSchema.safeParse(await readJson(parsedArgs.file, 'conversations file'));
if (!file.success) fail(`the conversations file is invalid: ${file.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
const override = parsedArgs.settings ? await readJson(parsedArgs.settings, 'settings file') : undefined;

const config = loadConfig();
const prisma = createPrismaClient(config.DATABASE_URL, { maxConnections: 1 });
const liveTools = parsedArgs['live-tools'] ? createSafeFetch({ timeoutMs: 15_000, maxResponseBytes: 256 * 1024 }) : undefined;
try {
  let agent;
  try {
    agent = await loadBotAgent(prisma, createSecretBox(config.ENCRYPTION_KEY), parsedArgs.bot, override);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const details = error.details === undefined ? '' : ` ${JSON.stringify(error.details)}`;
    fail(`${error.message}${details}`);
  }
  const report = await evaluateConversations({
    settings: agent.settings,
    model: createChatModel(agent.provider),
    file: file.data,
    ...(liveTools ? { http: liveTools } : {}),
  });
  process.stdout.write(parsedArgs.json ? `${JSON.stringify(report)}\n` : `${formatEvaluationReport(report)}\n`);
  process.exitCode = report.failed > 0 ? 1 : 0;
} finally {
  await liveTools?.close();
  await prisma.$disconnect();
}

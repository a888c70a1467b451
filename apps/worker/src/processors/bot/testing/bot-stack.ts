// Test harness: the api, the worker and the sandbox as real processes on a
// test database and a scratch Redis, plus helpers to create flow bots, play
// the WhatsApp user through the sandbox and read back what the bot said.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, hashVerifyToken, type Prisma, type TestDatabase } from '@switchboard/db';
import { transcriptBotLines, type FlowEffect, type TranscriptBotLine } from '@switchboard/flow-engine';
import { freePort, spawnApp, startScratchRedis, type RunningApp, type ScratchRedis } from '@switchboard/testing';

export const box = createSecretBox(DEV_ENCRYPTION_KEY);

export interface BotChannel {
  workspaceId: string;
  channelId: string;
  botId: string;
  flowId: string;
  phoneNumberId: string;
  wabaId: string;
  appSecret: string;
  verifyToken: string;
  accessToken: string;
}

export interface SandboxMessage {
  wamid: string;
  direction: 'in' | 'out';
  type: string;
  message: Record<string, unknown>;
  status: string;
}

export type BotStack = Awaited<ReturnType<typeof startBotStack>>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the three apps; `workerEnv` tunes the bot runtime (time scale, sweep, HTTP allow-list). */
export async function startBotStack(name: string, workerEnv: Record<string, string> = {}) {
  const db: TestDatabase = await createTestDatabase(name);
  const redis: ScratchRedis = await startScratchRedis();
  const [apiPort, workerPort, sandboxPort] = [await freePort(), await freePort(), await freePort()];
  const apiBase = `http://127.0.0.1:${apiPort}`;
  const sandboxBase = `http://127.0.0.1:${sandboxPort}`;
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, ENCRYPTION_KEY: DEV_ENCRYPTION_KEY };
  const fullWorkerEnv = {
    ...env,
    WORKER_PORT: String(workerPort),
    WHATSAPP_GRAPH_URL: sandboxBase,
    OUTBOX_RELAY_GRACE_MS: '500',
    BOT_SWEEP_INTERVAL_MS: '300',
    BOT_SWEEP_OLDER_THAN_MS: '1500',
    BOT_TIMER_GRACE_MS: '300',
    BOT_JOB_LOCK_MS: '3000',
    ...workerEnv,
  };
  const sandbox = await spawnApp('apps/sandbox/src/main.ts', { SANDBOX_PORT: String(sandboxPort), SANDBOX_WEBHOOK_RETRY_MS: '200,500,1000,2000' }, `${sandboxBase}/healthz`);
  const api = await spawnApp('apps/api/src/main.ts', { ...env, API_PORT: String(apiPort) }, `${apiBase}/healthz`);
  const startWorker = () => spawnApp('apps/worker/src/main.ts', fullWorkerEnv, `http://127.0.0.1:${workerPort}/healthz`);
  let worker: RunningApp = await startWorker();

  const json = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${sandboxBase}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const output = () => [sandbox, api, worker].map((a) => a.output()).join('\n');

  const stack = {
    db,
    prisma: db.prisma,
    redis,
    apiBase,
    sandboxBase,
    get worker() {
      return worker;
    },
    output,

    /** Stops the worker (SIGKILL: no graceful shutdown, a turn in flight dies with it). */
    async killWorker(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL') {
      if (worker.process.exitCode !== null) return;
      const exited = new Promise((r) => worker.process.once('exit', r));
      if (signal === 'SIGKILL') worker.process.kill('SIGKILL');
      else await worker.stop();
      await exited;
    },
    async startWorker() {
      worker = await startWorker();
    },

    /** A workspace, sandbox channel, flow bot and published flow version running `document`. */
    async createFlowBot(document: unknown, options: { settings?: Prisma.InputJsonObject } = {}): Promise<BotChannel> {
      const suffix = Math.random().toString().slice(2, 10);
      const c = {
        phoneNumberId: `1077${suffix}`, wabaId: `2077${suffix}`, appSecret: `secret-${suffix}`, verifyToken: `verify-${suffix}`, accessToken: `token-${suffix}`,
      };
      const workspace = await db.prisma.workspace.create({ data: { name: `bot ${suffix}`, slug: `bot-${suffix}` } });
      const channel = await db.prisma.channel.create({
        data: {
          workspaceId: workspace.id, kind: 'sandbox', phoneNumberId: c.phoneNumberId, wabaId: c.wabaId, displayPhoneNumber: `1555${suffix.slice(0, 7)}`,
          accessTokenEnc: box.encrypt(c.accessToken), appSecretEnc: box.encrypt(c.appSecret),
          verifyTokenEnc: box.encrypt(c.verifyToken), verifyTokenHash: hashVerifyToken(c.verifyToken),
        },
      });
      const bot = await db.prisma.bot.create({
        data: { workspaceId: workspace.id, channelId: channel.id, name: 'Test bot', mode: 'flow', settings: options.settings ?? { burstWindowMs: 0 } },
      });
      const flow = await db.prisma.flow.create({ data: { workspaceId: workspace.id, botId: bot.id, name: 'Test flow', draft: document as Prisma.InputJsonObject } });
      await db.prisma.flowVersion.create({ data: { workspaceId: workspace.id, flowId: flow.id, version: 1, document: document as Prisma.InputJsonObject } });
      await db.prisma.bot.update({ where: { id: bot.id }, data: { activeFlowId: flow.id } });
      const result = { ...c, workspaceId: workspace.id, channelId: channel.id, botId: bot.id, flowId: flow.id };
      await stack.register(result);
      return result;
    },

    /** Registers the number with the sandbox, webhooks to the api (the sandbox does Meta's handshake). */
    async register(
      c: Pick<BotChannel, 'phoneNumberId' | 'wabaId' | 'appSecret' | 'verifyToken' | 'accessToken'>,
      options: { displayPhoneNumber?: string; webhookUrl?: string } = {},
    ) {
      await json(`/_sandbox/numbers/${c.phoneNumberId}`, {
        method: 'PUT',
        body: JSON.stringify({
          display_phone_number: options.displayPhoneNumber ?? '15550001111', waba_id: c.wabaId, access_token: c.accessToken, app_secret: c.appSecret,
          webhook_url: options.webhookUrl ?? `${apiBase}/api/webhooks/whatsapp`, verify_token: c.verifyToken,
        }),
      });
    },

    /** The simulated user writes (text, or a tap on a reply button). Resolves once the api acknowledged it. */
    async say(phoneNumberId: string, from: string, body: string | { button: string; title: string }): Promise<string> {
      const payload =
        typeof body === 'string'
          ? { from, type: 'text', text: { body } }
          : { from, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: body.button, title: body.title } } };
      const answer = (await json(`/_sandbox/numbers/${phoneNumberId}/inbound`, { method: 'POST', body: JSON.stringify(payload) })) as {
        wamid: string;
        delivery: { status_code: number };
      };
      if (answer.delivery.status_code !== 200) throw new Error(`the api answered ${answer.delivery.status_code} to the inbound webhook`);
      return answer.wamid;
    },

    /** The conversation as the sandbox (the user's phone) has it. */
    async conversation(phoneNumberId: string, waId: string): Promise<SandboxMessage[]> {
      const body = (await json(`/_sandbox/numbers/${phoneNumberId}/conversations/${waId}`)) as { messages: SandboxMessage[] };
      return body.messages;
    },

    /** What the business sent to the user, in the order the sandbox accepted it. */
    async botMessages(phoneNumberId: string, waId: string): Promise<SandboxMessage[]> {
      return (await stack.conversation(phoneNumberId, waId)).filter((m) => m.direction === 'out');
    },

    /** Waits until the user has received at least `count` business messages; returns them all. */
    async waitForBotMessages(phoneNumberId: string, waId: string, count: number, timeoutMs = 20_000): Promise<SandboxMessage[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const messages = await stack.botMessages(phoneNumberId, waId);
        if (messages.length >= count) return messages;
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} bot messages to ${waId}, got ${messages.length}: ${JSON.stringify(messages.map(lineOf))}\n${output().slice(-6000)}`);
        }
        await sleep(50);
      }
    },

    /** Waits until nothing of the conversation is pending: inputs consumed, no held or unsent bot replies. */
    async waitUntilSettled(channelId: string, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const conversations = await db.prisma.conversation.findMany({ where: { channelId }, select: { id: true } });
        const ids = conversations.map((c) => c.id);
        const [inputs, held, unsent] = await Promise.all([
          db.prisma.botTurnInput.count({ where: { conversationId: { in: ids }, consumedAt: null } }),
          db.prisma.botPendingReply.count({ where: { conversationId: { in: ids } } }),
          db.prisma.message.count({ where: { conversationId: { in: ids }, direction: 'outbound', status: { in: ['accepted', 'queued', 'sending'] } } }),
        ]);
        if (inputs + held + unsent === 0) return;
        if (Date.now() > deadline) throw new Error(`conversation not settled: ${inputs} inputs, ${held} held, ${unsent} unsent\n${output().slice(-6000)}`);
        await sleep(50);
      }
    },

    async stop() {
      await Promise.all([worker.stop(), api.stop(), sandbox.stop()]);
      await redis.stop();
      await db.drop();
    },
  };
  return stack;
}

/** A business message as a transcript line (text as a string, buttons as `{ body, buttons }`, …). */
export function lineOf(message: SandboxMessage): TranscriptBotLine | undefined {
  const effect = { type: 'send', nodeId: 'n', message: { type: message.type, [message.type]: message.message[message.type] } } as unknown as FlowEffect;
  return transcriptBotLines([effect])[0];
}

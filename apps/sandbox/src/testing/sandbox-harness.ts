import type { Clock } from '../clock';
import { createSandbox, type Sandbox } from '../create-sandbox';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';
export const DISPLAY_NUMBER = '15550783881';
export const TOKEN = 'test-access-token';
export const APP_SECRET = 'test_app_secret';
export const VERIFY_TOKEN = 'tok123';
export const ALICE = '15551230001';
export const BOB = '15551230002';
export const CARLA = '15551230003';

export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** An in-process sandbox on a free port, a webhook receiver, and one registered number. */
export interface Harness {
  url: string;
  sandbox: Sandbox;
  receiver: WebhookReceiver;
  /** Calls the Graph API with the number's token (pass `token: null` for none). */
  graph(method: string, path: string, body?: unknown, token?: string | null): Promise<HttpResult>;
  control(method: string, path: string, body?: unknown): Promise<HttpResult>;
  /** A user writes `text` to the number (opens the service window). */
  inbound(from: string, body: Record<string, unknown>): Promise<HttpResult>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  clock?: Clock;
  seed?: number;
  number?: Record<string, unknown>;
  retryScheduleMs?: number[];
}

async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const receiver = await startWebhookReceiver({ verifyToken: VERIFY_TOKEN });
  const sandbox = createSandbox({
    ...(options.clock ? { clock: options.clock } : {}),
    seed: options.seed ?? 7,
    config: { webhookRetryScheduleMs: options.retryScheduleMs ?? [20, 100, 500, 1000], webhookTimeoutMs: 10_000 },
  });
  const url = await sandbox.listen();
  const harness: Harness = {
    url,
    sandbox,
    receiver,
    graph: (method, path, body, token = TOKEN) => call(url, method, path, body, token === null ? {} : { authorization: `Bearer ${token}` }),
    control: (method, path, body) => call(url, method, path, body),
    inbound: (from, body) => call(url, 'POST', `/_sandbox/numbers/${PHONE_NUMBER_ID}/inbound`, { from, ...body }),
    close: async () => {
      await sandbox.close();
      await receiver.close();
    },
  };
  const registered = await harness.control('PUT', `/_sandbox/numbers/${PHONE_NUMBER_ID}`, {
    display_phone_number: DISPLAY_NUMBER,
    waba_id: WABA_ID,
    access_token: TOKEN,
    app_secret: APP_SECRET,
    webhook_url: receiver.url,
    verify_token: VERIFY_TOKEN,
    status_delays_ms: { sent: 0, delivered: 5, read: 10 },
    ...options.number,
  });
  if (registered.status !== 201) throw new Error(`could not register the test number: ${registered.text}`);
  return harness;
}

/** `{ messaging_product, to, type: 'text', text: { body } }`. */
export function textMessage(to: string, body: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { messaging_product: 'whatsapp', to, type: 'text', text: { body }, ...extra };
}

/** The Graph send path of the test number. */
export const messagesPath = `/v24.0/${PHONE_NUMBER_ID}/messages`;

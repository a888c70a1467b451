import type { OutboundDispatcher } from '@switchboard/core';
import { createSecretBox, createTestDatabase, generateApiKey, hashVerifyToken, type ApiKeyScope, type TestDatabase } from '@switchboard/db';
import { createLogger, createMetricsRegistry } from '@switchboard/observability';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { AppContext } from '../../app-context';
import { buildServer } from '../../build-server';
import { loadConfig } from '../../config';
import { registerRoutes } from '../register-routes';

export interface DispatchedJob {
  messageId: string;
  workspaceId: string;
  channelId: string;
  priority: string;
}

export interface V1TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  ctx: AppContext;
  /** Calls the recording dispatcher saw (unless a dispatcher was given). */
  dispatched: DispatchedJob[];
  /** A workspace with a channel and one API key per requested scope set. */
  createTenant(scopeSets?: Record<string, readonly ApiKeyScope[]>): Promise<Tenant>;
  close(): Promise<void>;
}

export interface Tenant {
  workspaceId: string;
  channelId: string;
  phoneNumberId: string;
  /** API keys by the names given to createTenant; `all` has every scope. */
  keys: Record<string, string>;
}

const ALL_SCOPES: readonly ApiKeyScope[] = ['messages:write', 'messages:read', 'channels:write', 'channels:read', 'webhooks:write', 'bots:write', 'conversations:write'];

let phoneCounter = 0;

/**
 * The real api server (buildServer + registerRoutes) on a fresh Postgres
 * database and a real Redis, driven with `app.inject`.
 */
export async function startV1TestApp(
  options: { redisUrl?: string; rateLimitPerMinute?: number; dispatcher?: OutboundDispatcher; bodyLimit?: number } = {},
): Promise<V1TestApp> {
  const db = await createTestDatabase('api_v1');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: options.redisUrl ?? 'redis://127.0.0.1:6379',
    API_RATE_LIMIT_PER_MINUTE: String(options.rateLimitPerMinute ?? 100_000),
    API_KEY_CACHE_TTL_MS: '0',
    PUBLIC_API_URL: 'https://api.example.test',
    // Webhook endpoint tests point at a loopback port that is never dialled by the api.
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_FOR_TESTS: '127.0.0.1:9',
    LOG_LEVEL: 'silent',
  });
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  await redis.connect().catch(() => undefined);
  const dispatched: DispatchedJob[] = [];
  const recording: OutboundDispatcher = {
    async dispatchOutbound(job) {
      dispatched.push(job);
    },
  };
  const logger = createLogger({ service: 'api-test', level: 'silent' });
  const registry = createMetricsRegistry('api-test');
  const secretBox = createSecretBox(config.ENCRYPTION_KEY);
  const sql = new pg.Pool({ connectionString: db.url, max: 10 });
  // Dropping the test database ends its connections; an idle client's error must not become an unhandled one.
  sql.on('error', () => undefined);
  const ctx: AppContext = {
    config,
    logger,
    registry,
    prisma: db.prisma,
    sql,
    redis,
    secretBox,
    dispatcher: options.dispatcher ?? recording,
    providerFetch: undefined,
    async close() {
      redis.disconnect();
      await sql.end();
    },
  };
  const app = buildServer({ logger, registry, checks: {}, bodyLimit: options.bodyLimit ?? config.API_BODY_LIMIT });
  registerRoutes(app, ctx);
  await app.ready();

  return {
    app,
    db,
    ctx,
    dispatched,
    async createTenant(scopeSets = {}) {
      phoneCounter += 1;
      const phoneNumberId = `9${Date.now()}${phoneCounter}`.slice(0, 20);
      const workspace = await db.prisma.workspace.create({ data: { name: 'Test', slug: `t-${phoneNumberId}` } });
      const channel = await db.prisma.channel.create({
        data: {
          workspaceId: workspace.id,
          kind: 'cloud',
          phoneNumberId,
          wabaId: '1234',
          displayPhoneNumber: '+1 555 000 0000',
          accessTokenEnc: secretBox.encrypt('token'),
          appSecretEnc: secretBox.encrypt('secret'),
          verifyTokenEnc: secretBox.encrypt('verify'),
          verifyTokenHash: hashVerifyToken('verify'),
        },
      });
      const keys: Record<string, string> = {};
      for (const [name, scopes] of Object.entries({ all: ALL_SCOPES, ...scopeSets })) {
        const generated = generateApiKey();
        await db.prisma.apiKey.create({
          data: { workspaceId: workspace.id, name, prefix: generated.prefix, hash: generated.hash, scopes: [...scopes] },
        });
        keys[name] = generated.key;
      }
      return { workspaceId: workspace.id, channelId: channel.id, phoneNumberId, keys };
    },
    async close() {
      await app.close();
      await ctx.close();
      await db.drop();
    },
  };
}

/** Headers for a JSON request with a bearer key. */
export function auth(key: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${key}`, ...extra };
}

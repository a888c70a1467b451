import { createAppContext } from './app-context';
import { buildServer } from './build-server';
import { loadConfig } from './config';
import { registerRoutes } from './routes/register-routes';

const config = loadConfig();
const ctx = createAppContext(config);
const { logger, prisma, redis } = ctx;

const app = buildServer({
  logger,
  registry: ctx.registry,
  bodyLimit: config.API_BODY_LIMIT,
  checks: {
    postgres: async () => (await prisma.$queryRaw<unknown[]>`SELECT 1`).length === 1,
    redis: async () => (await redis.ping()) === 'PONG',
  },
});
registerRoutes(app, ctx);

async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  await app.close();
  await ctx.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

// Route groups may have started the connection already; only a client still waiting is connected here.
if (redis.status === 'wait') {
  await redis.connect().catch((error: Error) => logger.warn({ err: error.message }, 'redis not reachable at start'));
}
await app.listen({ port: config.API_PORT, host: config.API_HOST });
logger.info({ port: config.API_PORT }, 'api listening');

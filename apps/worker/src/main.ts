import { createServer } from 'node:http';
import { handleOpsRequest } from '@switchboard/observability';
import { assertRedisNoEviction } from './assert-redis-policy';
import { loadConfig } from './config';
import { startProcessors } from './processors/start-processors';
import { createWorkerContext } from './worker-context';

const config = loadConfig();
const ctx = createWorkerContext(config);
const { logger, prisma, redis, registry } = ctx;

try {
  await assertRedisNoEviction(redis);
} catch (error) {
  logger.fatal({ err: (error as Error).message }, 'refusing to start');
  process.exit(1);
}

const checks = {
  postgres: async () => (await prisma.$queryRaw<unknown[]>`SELECT 1`).length === 1,
  redis: async () => (await redis.ping()) === 'PONG',
};
const ops = createServer((req, res) => {
  void handleOpsRequest(req, res, { registry, checks }).then((handled) => {
    if (!handled) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
    }
  });
});
ops.listen(config.WORKER_PORT, config.WORKER_HOST, () => logger.info({ port: config.WORKER_PORT }, 'worker ops listening'));

const processors = startProcessors(ctx);

async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  ops.close();
  await Promise.all(processors.map((processor) => processor.close()));
  await redis.quit().catch(() => redis.disconnect());
  await prisma.$disconnect();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
logger.info({ processors: processors.map((p) => p.name) }, 'worker started');

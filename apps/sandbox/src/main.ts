import { createLogger } from '@switchboard/observability';
import { createAdjustableClock } from './clock';
import { loadConfig } from './config';
import { createSandbox } from './create-sandbox';

const config = loadConfig();
const logger = createLogger({ service: 'sandbox', level: config.logLevel });
const sandbox = createSandbox({ config, logger, clock: createAdjustableClock() });
const url = await sandbox.listen();
logger.info({ url, public_url: config.publicUrl }, `sandbox listening; phone page at ${url}/phone`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'sandbox shutting down');
  const force = setTimeout(() => {
    logger.warn('shutdown took too long; exiting');
    process.exit(1);
  }, 10_000);
  force.unref();
  await sandbox.close();
  logger.info('sandbox stopped');
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

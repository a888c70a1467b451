import type { WorkerContext } from '../worker-context';
import { startBotRuntime } from './bot/start-bot-runtime';
import { startCrmSync } from './crm/start-crm-sync';
import { startCustomerWebhooks } from './customer-webhooks/start-customer-webhooks';
import { startInboundProcessor } from './inbound/start-inbound-processor';
import { startMaintenance } from './maintenance/start-maintenance';
import { loadOutboundConfig } from './outbound/config';
import { startOutboundProcessor } from './outbound/start-outbound-processor';
import { startOutboxRelay } from './outbox-relay/start-outbox-relay';
import { startReconcileSweep } from './reconcile/start-reconcile-sweep';

/** A started processor (a BullMQ Worker or a scheduled loop) that can stop gracefully. */
export interface RunningProcessor {
  name: string;
  /** Finishes or releases in-flight jobs, then stops taking new ones. */
  close(): Promise<void>;
}

/** Starts every processor of the worker; one line per processor file. */
export function startProcessors(ctx: WorkerContext): RunningProcessor[] {
  const outbound = loadOutboundConfig();
  const bot = startBotRuntime(ctx);
  return [
    startInboundProcessor(ctx, { onInboundMessage: bot.onInboundMessage }),
    bot,
    startOutboundProcessor(ctx, outbound, { onSettled: bot.messageSettled }),
    startOutboxRelay(ctx, outbound),
    startReconcileSweep(ctx, outbound),
    startMaintenance(ctx),
    startCustomerWebhooks(ctx),
    startCrmSync(ctx),
  ];
}

import { DEMO_FLOW_DOCUMENT } from './demo-flow';
import type { Prisma } from './generated/prisma/client';
import { DEMO_BOT_SETTINGS, DEMO_SEED } from './seed-demo';

/** Where a new demo bot goes and who published its flow. */
export interface DemoBotTarget {
  workspaceId: string;
  channelId: string;
  /** Recorded as the publisher of the flow's first version. */
  userId: string;
}

/**
 * Creates the demo bot on a channel: the bot, its flow with the demo document
 * as draft and as published version 1, and makes that flow the active one,
 * so the channel answers at once. Runs inside the caller's transaction.
 */
export async function createDemoBot(tx: Prisma.TransactionClient, target: DemoBotTarget): Promise<{ botId: string; flowId: string }> {
  const { workspaceId, channelId, userId } = target;
  const bot = await tx.bot.create({
    data: { workspaceId, channelId, name: DEMO_SEED.botName, mode: 'flow', settings: DEMO_BOT_SETTINGS },
  });
  const flow = await tx.flow.create({
    data: { workspaceId, botId: bot.id, name: DEMO_SEED.flowName, draft: DEMO_FLOW_DOCUMENT },
  });
  await tx.flowVersion.create({
    data: { workspaceId, flowId: flow.id, version: 1, document: DEMO_FLOW_DOCUMENT, note: 'Demo flow (examples/flows/lead-capture.json)', publishedById: userId },
  });
  await tx.bot.update({ where: { id: bot.id }, data: { activeFlowId: flow.id } });
  return { botId: bot.id, flowId: flow.id };
}

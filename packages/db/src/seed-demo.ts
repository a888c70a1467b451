import { ALL_API_KEY_SCOPES, generateApiKey } from './api-key';
import { DEMO_FLOW_DOCUMENT } from './demo-flow';
import type { PrismaClient } from './generated/prisma/client';
import { hashVerifyToken } from './hash-verify-token';
import { hashPassword, verifyPassword } from './password';
import type { SecretBox } from './secret-box';

/** The demo bot's settings: read receipts and typing on, no burst merging. */
export const DEMO_BOT_SETTINGS = { typingIndicator: true, markRead: true, burstWindowMs: 0 } as const;

/** Fixed identifiers of the demo data; the sandbox simulates this phone number. */
export const DEMO_SEED = {
  workspaceName: 'Demo',
  workspaceSlug: 'demo',
  userEmail: 'demo@switchboard.local',
  userName: 'Demo User',
  userPassword: 'switchboard-demo',
  phoneNumberId: '100000000000001',
  wabaId: '200000000000001',
  displayPhoneNumber: '15550001111',
  accessToken: 'sandbox-access-token',
  appSecret: 'sandbox-app-secret',
  verifyToken: 'sandbox-verify-token',
  botName: 'Demo bot',
  flowName: 'Demo flow',
} as const;

export interface DemoSeedResult {
  workspaceId: string;
  userId: string;
  userEmail: string;
  userPassword: string;
  channelId: string;
  phoneNumberId: string;
  botId: string;
  flowId: string;
  /** A new key with every scope, created on each run. */
  apiKey: string;
  apiKeyId: string;
}

/**
 * Creates or reuses the demo workspace, owner, sandbox channel and flow bot,
 * and creates a new API key with every scope. Safe to run repeatedly.
 */
export async function seedDemo(prisma: PrismaClient, secretBox: SecretBox): Promise<DemoSeedResult> {
  const d = DEMO_SEED;
  // Hashing is slow, so it happens before the transaction and only if needed.
  const existingUser = await prisma.user.findUnique({ where: { email: d.userEmail } });
  const passwordHash =
    existingUser && (await verifyPassword(d.userPassword, existingUser.passwordHash))
      ? existingUser.passwordHash
      : await hashPassword(d.userPassword);
  const apiKey = generateApiKey();

  return prisma.$transaction(async (tx) => {
    const workspace = await tx.workspace.upsert({
      where: { slug: d.workspaceSlug },
      create: { name: d.workspaceName, slug: d.workspaceSlug },
      update: {},
    });
    const user = await tx.user.upsert({
      where: { email: d.userEmail },
      create: { email: d.userEmail, name: d.userName, passwordHash },
      // Resets the password if someone changed it, so the printed one works.
      update: { passwordHash },
    });
    await tx.member.upsert({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } },
      create: { workspaceId: workspace.id, userId: user.id, role: 'owner' },
      update: { role: 'owner' },
    });

    const existingChannel = await tx.channel.findUnique({ where: { phoneNumberId: d.phoneNumberId } });
    if (existingChannel && existingChannel.workspaceId !== workspace.id) {
      throw new Error(`phone_number_id ${d.phoneNumberId} already belongs to another workspace`);
    }
    // Secrets are re-encrypted on every run so they follow the active key.
    const channelFields = {
      kind: 'sandbox' as const,
      wabaId: d.wabaId,
      displayPhoneNumber: d.displayPhoneNumber,
      accessTokenEnc: secretBox.encrypt(d.accessToken),
      appSecretEnc: secretBox.encrypt(d.appSecret),
      verifyTokenEnc: secretBox.encrypt(d.verifyToken),
      verifyTokenHash: hashVerifyToken(d.verifyToken),
      graphBaseUrl: null,
      status: 'active' as const,
      deletedAt: null,
    };
    const channel = existingChannel
      ? await tx.channel.update({ where: { id: existingChannel.id }, data: channelFields })
      : await tx.channel.create({
          data: { ...channelFields, workspaceId: workspace.id, phoneNumberId: d.phoneNumberId },
        });

    const bot =
      (await tx.bot.findFirst({ where: { workspaceId: workspace.id, name: d.botName }, orderBy: { id: 'asc' } })) ??
      (await tx.bot.create({
        data: {
          workspaceId: workspace.id,
          channelId: channel.id,
          name: d.botName,
          mode: 'flow',
          // burstWindowMs 0: every message is its own turn (issue 5's default); up to 3000 merges bursts.
          settings: DEMO_BOT_SETTINGS,
        },
      }));
    const flow =
      (await tx.flow.findFirst({ where: { botId: bot.id, name: d.flowName }, orderBy: { id: 'asc' } })) ??
      (await tx.flow.create({
        data: { workspaceId: workspace.id, botId: bot.id, name: d.flowName, draft: DEMO_FLOW_DOCUMENT },
      }));
    // Sessions run published versions. A database seeded with an older demo document gets the
    // current one as a new version (versions are immutable), so re-seeding upgrades the demo bot.
    const latest = await tx.flowVersion.findFirst({ where: { flowId: flow.id, kind: 'published' }, orderBy: { version: 'desc' } });
    if (!latest || !sameJson(latest.document, DEMO_FLOW_DOCUMENT)) {
      await tx.flowVersion.create({
        data: {
          workspaceId: workspace.id,
          flowId: flow.id,
          version: (latest?.version ?? 0) + 1,
          document: DEMO_FLOW_DOCUMENT,
          note: 'Seeded demo flow (examples/flows/lead-capture.json)',
          publishedById: user.id,
        },
      });
      await tx.flow.update({ where: { id: flow.id }, data: { draft: DEMO_FLOW_DOCUMENT, draftUpdatedAt: new Date() } });
    }
    if (bot.activeFlowId === null || !sameJson(bot.settings, DEMO_BOT_SETTINGS)) {
      await tx.bot.update({ where: { id: bot.id }, data: { activeFlowId: bot.activeFlowId ?? flow.id, settings: DEMO_BOT_SETTINGS } });
    }

    const key = await tx.apiKey.create({
      data: {
        workspaceId: workspace.id,
        name: `Seed key ${new Date().toISOString()}`,
        prefix: apiKey.prefix,
        hash: apiKey.hash,
        scopes: [...ALL_API_KEY_SCOPES],
        createdById: user.id,
      },
    });
    await tx.auditLog.create({
      data: {
        workspaceId: workspace.id,
        actorType: 'system',
        action: 'seed.demo',
        targetType: 'api_key',
        targetId: key.id,
      },
    });

    return {
      workspaceId: workspace.id,
      userId: user.id,
      userEmail: user.email,
      userPassword: d.userPassword,
      channelId: channel.id,
      phoneNumberId: channel.phoneNumberId,
      botId: bot.id,
      flowId: flow.id,
      apiKey: apiKey.key,
      apiKeyId: key.id,
    };
  });
}

// Key order differs between a literal and what Postgres returns from jsonb, so compare canonically.
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, canonical(v)]))
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

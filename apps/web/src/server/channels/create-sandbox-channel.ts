import { randomBytes, randomInt } from 'node:crypto';
import { createChannel } from '@switchboard/core';
import { createDemoBot, type SecretBox } from '@switchboard/db';
import type { Db } from '../db';
import { writeAudit } from '../accounts/write-audit';
import { registerSandboxNumber } from './register-sandbox-number';

/** Where the sandbox is and how it reaches the api. */
export interface SandboxChannelDeps {
  prisma: Db;
  secretBox: SecretBox;
  /** The sandbox as the server (and the worker) reaches it: control API and this channel's Graph origin. */
  sandboxUrl: string;
  /** The api's Meta webhook route as the sandbox reaches it. */
  apiWebhookUrl: string;
  /** The webhook URL shown on channel views (as the REST API shows it). */
  publicWebhookUrl: string;
  fetch?: typeof fetch;
}

export interface SandboxChannelResult {
  channelId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  botId: string;
  /** True when the workspace already had its sandbox channel (it was registered with the sandbox again). */
  existing: boolean;
}

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

/**
 * One click to a working chat: a sandbox number for the workspace, registered
 * with the sandbox (which verifies the api's webhook with the channel's verify
 * token), and the demo bot answering on it. Clicking again re-registers the
 * existing sandbox channel (the sandbox forgets numbers when it restarts) and
 * gives it the demo bot if it has no bot. Nothing is left behind when the
 * sandbox refuses.
 */
export async function createSandboxChannel(deps: SandboxChannelDeps, workspaceId: string, userId: string): Promise<SandboxChannelResult> {
  const { prisma, secretBox } = deps;
  const found = await prisma.channel.findFirst({
    where: { workspaceId, kind: 'sandbox', deletedAt: null },
    orderBy: { createdAt: 'asc' },
  });
  let channel: { id: string; phoneNumberId: string; displayPhoneNumber: string };
  if (found) {
    await registerSandboxNumber(
      deps.sandboxUrl,
      {
        phoneNumberId: found.phoneNumberId,
        displayPhoneNumber: found.displayPhoneNumber,
        wabaId: found.wabaId,
        accessToken: secretBox.decrypt(found.accessTokenEnc),
        appSecret: secretBox.decrypt(found.appSecretEnc),
        verifyToken: secretBox.decrypt(found.verifyTokenEnc),
        webhookUrl: deps.apiWebhookUrl,
      },
      deps.fetch,
    );
    channel = found;
  } else {
    const number = {
      phoneNumberId: `1${digits(14)}`,
      wabaId: `2${digits(14)}`,
      displayPhoneNumber: `1555${digits(7)}`,
      accessToken: `sandbox-${randomBytes(24).toString('hex')}`,
      appSecret: randomBytes(24).toString('hex'),
      verifyToken: randomBytes(24).toString('hex'),
    };
    // The channel row must exist first: the sandbox's handshake asks the api, which looks the verify token up.
    const view = await createChannel(
      { prisma, secretBox, webhookUrl: deps.publicWebhookUrl },
      workspaceId,
      {
        phone_number_id: number.phoneNumberId,
        waba_id: number.wabaId,
        display_phone_number: number.displayPhoneNumber,
        access_token: number.accessToken,
        app_secret: number.appSecret,
        verify_token: number.verifyToken,
        throughput_mps: 80,
      },
      { kind: 'sandbox', graphBaseUrl: deps.sandboxUrl },
    );
    try {
      await registerSandboxNumber(deps.sandboxUrl, { ...number, webhookUrl: deps.apiWebhookUrl }, deps.fetch);
    } catch (error) {
      // A fresh number with no history: remove it whole rather than leave a channel that cannot work.
      await prisma.channel.delete({ where: { id: view.id } });
      throw error;
    }
    channel = { id: view.id, phoneNumberId: number.phoneNumberId, displayPhoneNumber: number.displayPhoneNumber };
  }

  const botId = await prisma.$transaction(async (tx) => {
    const bot = await tx.bot.findFirst({ where: { workspaceId, channelId: channel.id }, orderBy: { createdAt: 'asc' }, select: { id: true } });
    const id = bot?.id ?? (await createDemoBot(tx, { workspaceId, channelId: channel.id, userId })).botId;
    await writeAudit(tx, {
      workspaceId,
      actorId: userId,
      action: found ? 'channel.sandbox_reconnected' : 'channel.sandbox_created',
      targetType: 'channel',
      targetId: channel.id,
      data: { phoneNumberId: channel.phoneNumberId, botId: id, demoBotCreated: !bot },
    });
    return id;
  });
  return { channelId: channel.id, phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber, botId, existing: Boolean(found) };
}

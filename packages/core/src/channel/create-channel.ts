import { hashVerifyToken, Prisma } from '@switchboard/db';
import { AppError } from '../app-error';
import type { ChannelDeps } from './channel-deps';
import type { ChannelView, CreateChannelInput } from './channel-schemas';
import { toChannelView } from './to-channel-view';

function conflict(phoneNumberId: string): AppError {
  return new AppError('conflict', `phone_number_id ${phoneNumberId} is already connected`, {
    details: [{ field: 'phone_number_id', message: 'is already connected to a channel' }],
  });
}

/** How the number is reached: Meta's Cloud API (default) or the local sandbox at its own Graph URL. */
export interface ChannelOrigin {
  kind: 'cloud' | 'sandbox';
  /** Graph origin for this channel only; null uses the worker's WHATSAPP_GRAPH_URL. */
  graphBaseUrl: string | null;
}

/**
 * Connects a WhatsApp number to the workspace. Secrets are encrypted before
 * they are stored. A number this workspace deleted earlier is restored in
 * place (phone_number_id stays globally unique, so its history stays
 * attached); a number held by any other channel is a 409.
 */
export async function createChannel(
  deps: ChannelDeps,
  workspaceId: string,
  input: CreateChannelInput,
  origin: ChannelOrigin = { kind: 'cloud', graphBaseUrl: null },
): Promise<ChannelView> {
  const { prisma, secretBox } = deps;
  const fields = {
    wabaId: input.waba_id,
    displayPhoneNumber: input.display_phone_number,
    accessTokenEnc: secretBox.encrypt(input.access_token),
    appSecretEnc: secretBox.encrypt(input.app_secret),
    verifyTokenEnc: secretBox.encrypt(input.verify_token),
    verifyTokenHash: hashVerifyToken(input.verify_token),
    throughputMps: input.throughput_mps,
  };
  // Restoring only matches a deleted row of this workspace, so the update cannot steal a live or foreign number.
  const restored = await prisma.channel.updateManyAndReturn({
    where: { phoneNumberId: input.phone_number_id, workspaceId, deletedAt: { not: null } },
    data: { ...fields, ...origin, status: 'active', deletedAt: null },
  });
  const restoredChannel = restored[0];
  if (restoredChannel) return toChannelView(restoredChannel, deps.webhookUrl);
  try {
    const channel = await prisma.channel.create({
      data: { ...fields, ...origin, workspaceId, phoneNumberId: input.phone_number_id },
    });
    return toChannelView(channel, deps.webhookUrl);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict(input.phone_number_id);
    throw error;
  }
}

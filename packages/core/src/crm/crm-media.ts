import type { CrmAttachment } from '@switchboard/crm';
import type { PrismaClient, SecretBox } from '@switchboard/db';
import { createChannelClientCache, type GraphSettings } from '../send/channel-client-cache';

/** WhatsApp message types whose media the mirror uploads to the CRM. */
export const CRM_MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;

/** Fetches one inbound WhatsApp media (the stored Cloud API object, with its media `id`) as a file for the CRM. */
export type CrmMediaFetcher = (input: { channelId: string; type: string; media: Record<string, unknown> }) => Promise<CrmAttachment>;

/** Why a media could not be fetched for the CRM; the mirror then describes it as text with this reason. */
export class CrmMediaError extends Error {
  override readonly name = 'CrmMediaError';
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'video/mp4': 'mp4', 'video/3gpp': '3gp',
  'audio/ogg': 'ogg', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/aac': 'aac', 'audio/amr': 'amr', 'application/pdf': 'pdf',
};

/**
 * Builds the fetcher the worker gives the mirror: the media id's short-lived URL through the channel's
 * Cloud API client (`GET /{media-id}`), then the bytes with the channel's token, refusing anything over
 * `maxBytes` before (Meta's announced size) and while downloading.
 */
export function createCrmMediaFetcher(deps: { prisma: PrismaClient; secretBox: SecretBox; graph: GraphSettings; maxBytes: number }): CrmMediaFetcher {
  const clientFor = createChannelClientCache(deps);
  return async ({ channelId, type, media }) => {
    const mediaId = typeof media['id'] === 'string' ? media['id'] : null;
    if (!mediaId) throw new CrmMediaError('no media id');
    const channel = await deps.prisma.channel.findUniqueOrThrow({
      where: { id: channelId }, select: { id: true, updatedAt: true, accessTokenEnc: true, graphBaseUrl: true, phoneNumberId: true },
    });
    const client = clientFor(channel);
    let file: { bytes: Uint8Array; contentType: string };
    try {
      const info = await client.getMediaUrl(mediaId);
      if (info.fileSize > deps.maxBytes) throw new CrmMediaError(`too large (${info.fileSize} bytes, the limit is ${deps.maxBytes})`);
      file = await client.downloadMedia(info.url, { maxBytes: deps.maxBytes });
    } catch (error) {
      if (error instanceof CrmMediaError) throw error;
      if (error instanceof RangeError) throw new CrmMediaError(`too large (over ${deps.maxBytes} bytes)`);
      throw new CrmMediaError(`could not be fetched from WhatsApp: ${(error as Error).message.slice(0, 200)}`);
    }
    const mimeType = (typeof media['mime_type'] === 'string' ? media['mime_type'] : file.contentType).split(';')[0]!.trim() || 'application/octet-stream';
    const named = typeof media['filename'] === 'string' && media['filename'].trim() !== '' ? media['filename'].trim() : null;
    return { bytes: file.bytes, contentType: mimeType, filename: named ?? `${type}-${mediaId}.${EXTENSIONS[mimeType] ?? 'bin'}` };
  };
}

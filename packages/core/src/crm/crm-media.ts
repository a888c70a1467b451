import type { CrmAttachment } from '@switchboard/crm';
import type { PrismaClient, SecretBox } from '@switchboard/db';
import { ResponseTooLargeError, type SafeFetch } from '@switchboard/safe-http';
import { createChannelClientCache, type GraphSettings } from '../send/channel-client-cache';

/** WhatsApp message types whose media the mirror uploads to the CRM. */
export const CRM_MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;

/**
 * Fetches one WhatsApp media as a file for the CRM: the stored Cloud API object, with either its media
 * `id` (inbound media, and outbound media uploaded to Meta) or a `link` (outbound media by URL).
 */
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
 * Builds the fetcher the worker gives the mirror. A media `id` goes through the channel's Cloud API client
 * (`GET /{media-id}` for a short-lived URL, then the bytes with the channel's token); a `link` (a bot or
 * API reply that sent media by URL) is fetched with `fetchLink`, the SSRF-guarded client, since the URL
 * came from a customer's request. Anything over `maxBytes` is refused before (the announced size) and
 * while downloading.
 */
export function createCrmMediaFetcher(deps: {
  prisma: PrismaClient;
  secretBox: SecretBox;
  graph: GraphSettings;
  maxBytes: number;
  fetchLink?: SafeFetch;
}): CrmMediaFetcher {
  const clientFor = createChannelClientCache(deps);
  const fromId = async (channelId: string, mediaId: string) => {
    const channel = await deps.prisma.channel.findUniqueOrThrow({
      where: { id: channelId }, select: { id: true, updatedAt: true, accessTokenEnc: true, graphBaseUrl: true, phoneNumberId: true },
    });
    const client = clientFor(channel);
    try {
      const info = await client.getMediaUrl(mediaId);
      if (info.fileSize > deps.maxBytes) throw new CrmMediaError(`too large (${info.fileSize} bytes, the limit is ${deps.maxBytes})`);
      return await client.downloadMedia(info.url, { maxBytes: deps.maxBytes });
    } catch (error) {
      if (error instanceof CrmMediaError) throw error;
      if (error instanceof RangeError) throw new CrmMediaError(`too large (over ${deps.maxBytes} bytes)`);
      throw new CrmMediaError(`could not be fetched from WhatsApp: ${(error as Error).message.slice(0, 200)}`);
    }
  };
  const fromLink = async (link: string) => {
    if (!deps.fetchLink) throw new CrmMediaError('media sent by link are not fetched by this worker');
    let response;
    try {
      response = await deps.fetchLink(link, { maxResponseBytes: deps.maxBytes });
    } catch (error) {
      if (error instanceof ResponseTooLargeError) throw new CrmMediaError(`too large (over ${deps.maxBytes} bytes)`);
      throw new CrmMediaError(`could not be fetched from its link: ${(error as Error).message.slice(0, 200)}`);
    }
    if (response.status < 200 || response.status > 299) throw new CrmMediaError(`its link answered HTTP ${response.status}`);
    return { bytes: new Uint8Array(response.body), contentType: response.headers['content-type'] ?? 'application/octet-stream' };
  };
  return async ({ channelId, type, media }) => {
    const mediaId = typeof media['id'] === 'string' && media['id'] !== '' ? media['id'] : null;
    const link = typeof media['link'] === 'string' && media['link'] !== '' ? media['link'] : null;
    if (!mediaId && !link) throw new CrmMediaError('neither a media id nor a link');
    const file = mediaId ? await fromId(channelId, mediaId) : await fromLink(link!);
    const mimeType = (typeof media['mime_type'] === 'string' ? media['mime_type'] : file.contentType).split(';')[0]!.trim() || 'application/octet-stream';
    const named = typeof media['filename'] === 'string' && media['filename'].trim() !== '' ? media['filename'].trim() : null;
    const fromPath = link ? decodeURIComponent(new URL(link).pathname.split('/').pop() ?? '') : '';
    const fallback = `${type}-${mediaId ?? 'link'}.${EXTENSIONS[mimeType] ?? 'bin'}`;
    return { bytes: file.bytes, contentType: mimeType, filename: named ?? (/^[\w.-]{1,100}\.\w{2,5}$/.test(fromPath) ? fromPath : fallback) };
  };
}

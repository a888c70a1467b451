import { AppError } from '@switchboard/core';
import { createWhatsAppClient, GraphApiError, type PhoneNumberInfo } from '@switchboard/whatsapp';

/** Which Graph API to ask (Meta, or the sandbox in demos and tests). */
export interface GraphTarget {
  baseUrl: string;
  apiVersion: string;
  fetch?: typeof fetch;
}

/**
 * Asks the Cloud API for the phone number with the given token before
 * anything is saved: a wrong token or a number the token cannot use is a
 * clear error naming Meta's code, an unreachable Graph API a 503.
 */
export async function checkChannelCredentials(graph: GraphTarget, phoneNumberId: string, accessToken: string): Promise<PhoneNumberInfo> {
  const client = createWhatsAppClient({
    baseUrl: graph.baseUrl,
    apiVersion: graph.apiVersion,
    accessToken,
    phoneNumberId,
    timeoutMs: 15_000,
    ...(graph.fetch ? { fetch: graph.fetch } : {}),
  });
  try {
    const info = await client.getPhoneNumber();
    if (info.id !== phoneNumberId) throw new AppError('bad_request', `The Cloud API answered for number ${info.id}, not ${phoneNumberId}.`);
    return info;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof GraphApiError) {
      const field = error.code === 190 || error.code === 104 ? 'access_token' : 'phone_number_id';
      throw new AppError('bad_request', `The Cloud API refused these credentials: ${error.message}${error.code === undefined ? '' : ` (code ${error.code})`}`, {
        details: [{ field, message: 'was refused by the Cloud API' }],
        cause: error,
      });
    }
    throw new AppError('service_unavailable', `The Cloud API at ${graph.baseUrl} could not be reached to check the credentials; nothing was saved.`, { cause: error });
  }
}

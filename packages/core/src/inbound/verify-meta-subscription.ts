import { hashVerifyToken, type PrismaClient, type SecretBox } from '@switchboard/db';
import { verifySubscription, type SubscriptionQuery } from '@switchboard/whatsapp';

const MAX_CHALLENGE_LENGTH = 256;

/**
 * Meta's GET handshake for the shared webhook URL: finds the channels whose
 * verify token hashes to the one given, then compares the decrypted tokens
 * in constant time. Returns the challenge to echo (200, text/plain), or null
 * (403).
 */
export async function verifyMetaSubscription(
  deps: { prisma: PrismaClient; secretBox: SecretBox },
  query: SubscriptionQuery,
): Promise<string | null> {
  const read = (key: string): unknown => (query instanceof URLSearchParams ? query.get(key) : query[key]);
  const token = read('hub.verify_token');
  const challenge = read('hub.challenge');
  if (read('hub.mode') !== 'subscribe' || typeof token !== 'string' || token === '') return null;
  if (typeof challenge !== 'string' || challenge.length > MAX_CHALLENGE_LENGTH) return null;
  const channels = await deps.prisma.channel.findMany({
    where: { verifyTokenHash: hashVerifyToken(token), deletedAt: null },
    select: { verifyTokenEnc: true },
  });
  if (channels.length === 0) return null;
  return verifySubscription(
    query,
    channels.map((c) => deps.secretBox.decrypt(c.verifyTokenEnc)),
  );
}

import type { PrismaClient, SecretBox } from '@switchboard/db';

/** What the webhook route needs to know about a channel: where it belongs and its app secret. */
export interface RoutedChannel {
  id: string;
  workspaceId: string;
  phoneNumberId: string;
  wabaId: string;
  appSecret: string;
}

export interface ChannelDirectoryOptions {
  prisma: PrismaClient;
  secretBox: SecretBox;
  /** How long a found channel (and its decrypted app secret) is reused. Default 30 s. */
  ttlMs?: number;
  /** How long "no such number" is remembered. Short, because a 200 for an unknown number is final. Default 2 s. */
  negativeTtlMs?: number;
  /** A cached entry at least this old is re-read once when a signature fails with it (secret rotation). Default 1 s. */
  refreshAfterMs?: number;
  now?: () => number;
}

/** Channel lookups for the Meta webhook route, cached in process for a short TTL. */
export interface ChannelDirectory {
  /** The live (not deleted) channel that owns a phone_number_id, or null. */
  byPhoneNumberId(phoneNumberId: string): Promise<RoutedChannel | null>;
  /** Live channels of a WABA, for payloads without metadata.phone_number_id. */
  byWabaId(wabaId: string): Promise<RoutedChannel[]>;
  /** Re-reads a number whose cached entry is older than `refreshAfterMs`; returns the fresh value, or undefined when too recent to refresh. */
  refresh(phoneNumberId: string): Promise<RoutedChannel | null | undefined>;
  /** Forgets everything (tests, or after a channel change in this process). */
  clear(): void;
}

interface Entry<T> {
  value: Promise<T>;
  loadedAt: number;
  expiresAt: number;
}

const select = { id: true, workspaceId: true, phoneNumberId: true, wabaId: true, appSecretEnc: true } as const;

/**
 * Creates the directory. Entries are not invalidated on change: a new
 * channel is seen within `negativeTtlMs`, an edited secret immediately (a
 * failing signature triggers one refresh), a deleted channel within `ttlMs`.
 */
export function createChannelDirectory(options: ChannelDirectoryOptions): ChannelDirectory {
  const { prisma, secretBox } = options;
  const ttlMs = options.ttlMs ?? 30_000;
  const negativeTtlMs = options.negativeTtlMs ?? 2_000;
  const refreshAfterMs = options.refreshAfterMs ?? 1_000;
  const now = options.now ?? Date.now;
  const byNumber = new Map<string, Entry<RoutedChannel | null>>();
  const byWaba = new Map<string, Entry<RoutedChannel[]>>();

  const toRouted = (row: { id: string; workspaceId: string; phoneNumberId: string; wabaId: string; appSecretEnc: string }): RoutedChannel => ({
    id: row.id,
    workspaceId: row.workspaceId,
    phoneNumberId: row.phoneNumberId,
    wabaId: row.wabaId,
    appSecret: secretBox.decrypt(row.appSecretEnc),
  });

  const loadNumber = (phoneNumberId: string): Entry<RoutedChannel | null> => {
    const loadedAt = now();
    const entry: Entry<RoutedChannel | null> = {
      loadedAt,
      expiresAt: loadedAt + ttlMs,
      value: prisma.channel
        .findFirst({ where: { phoneNumberId, deletedAt: null }, select })
        .then((row) => {
          const value = row ? toRouted(row) : null;
          if (!value) entry.expiresAt = loadedAt + negativeTtlMs;
          return value;
        }),
    };
    // A failed lookup (database down) must not be cached.
    entry.value.catch(() => byNumber.delete(phoneNumberId));
    byNumber.set(phoneNumberId, entry);
    return entry;
  };

  return {
    byPhoneNumberId(phoneNumberId) {
      const cached = byNumber.get(phoneNumberId);
      if (cached && cached.expiresAt > now()) return cached.value;
      return loadNumber(phoneNumberId).value;
    },
    byWabaId(wabaId) {
      const cached = byWaba.get(wabaId);
      if (cached && cached.expiresAt > now()) return cached.value;
      const loadedAt = now();
      const entry: Entry<RoutedChannel[]> = {
        loadedAt,
        expiresAt: loadedAt + ttlMs,
        value: prisma.channel
          .findMany({ where: { wabaId, deletedAt: null }, select, orderBy: { createdAt: 'asc' } })
          .then((rows) => {
            if (rows.length === 0) entry.expiresAt = loadedAt + negativeTtlMs;
            return rows.map(toRouted);
          }),
      };
      entry.value.catch(() => byWaba.delete(wabaId));
      byWaba.set(wabaId, entry);
      return entry.value;
    },
    async refresh(phoneNumberId) {
      const cached = byNumber.get(phoneNumberId);
      if (cached && now() - cached.loadedAt < refreshAfterMs) return undefined;
      return loadNumber(phoneNumberId).value;
    },
    clear() {
      byNumber.clear();
      byWaba.clear();
    },
  };
}

import { createSecretBox, DEV_ENCRYPTION_KEY, type PrismaClient } from '@switchboard/db';
import { describe, expect, it } from 'vitest';
import { createChannelDirectory } from './channel-directory';

const box = createSecretBox(DEV_ENCRYPTION_KEY);

// A stand-in for prisma.channel that counts reads; the directory's caching is what is under test.
function fakePrisma(rows: { id: string; phoneNumberId: string; wabaId: string; secret: string }[]) {
  const reads: string[] = [];
  const toRow = (r: (typeof rows)[number]) => ({ id: r.id, workspaceId: 'ws', phoneNumberId: r.phoneNumberId, wabaId: r.wabaId, appSecretEnc: box.encrypt(r.secret) });
  const prisma = {
    channel: {
      findFirst: async ({ where }: { where: { phoneNumberId: string } }) => {
        reads.push(where.phoneNumberId);
        const row = rows.find((r) => r.phoneNumberId === where.phoneNumberId);
        return row ? toRow(row) : null;
      },
      findMany: async ({ where }: { where: { wabaId: string } }) => rows.filter((r) => r.wabaId === where.wabaId).map(toRow),
    },
  } as unknown as PrismaClient;
  return { prisma, reads, rows };
}

describe('createChannelDirectory', () => {
  it('caches found channels for the TTL and unknown numbers only briefly', async () => {
    let now = 0;
    const { prisma, reads, rows } = fakePrisma([{ id: 'a', phoneNumberId: '111', wabaId: 'w', secret: 's1' }]);
    const dir = createChannelDirectory({ prisma, secretBox: box, ttlMs: 30_000, negativeTtlMs: 2_000, now: () => now });
    expect((await dir.byPhoneNumberId('111'))?.appSecret).toBe('s1');
    expect(await dir.byPhoneNumberId('222')).toBeNull();
    now = 1_000;
    await dir.byPhoneNumberId('111');
    await dir.byPhoneNumberId('222');
    expect(reads).toEqual(['111', '222']);
    rows.push({ id: 'b', phoneNumberId: '222', wabaId: 'w', secret: 's2' });
    now = 2_500;
    expect((await dir.byPhoneNumberId('222'))?.id).toBe('b');
    await dir.byPhoneNumberId('111');
    now = 31_000;
    await dir.byPhoneNumberId('111');
    expect(reads).toEqual(['111', '222', '222', '111']);
  });

  it('refreshes an entry only when it is older than refreshAfterMs', async () => {
    let now = 0;
    const { prisma, reads, rows } = fakePrisma([{ id: 'a', phoneNumberId: '111', wabaId: 'w', secret: 'old' }]);
    const dir = createChannelDirectory({ prisma, secretBox: box, refreshAfterMs: 1_000, now: () => now });
    await dir.byPhoneNumberId('111');
    rows[0]!.secret = 'new';
    expect(await dir.refresh('111')).toBeUndefined();
    now = 1_500;
    expect((await dir.refresh('111'))?.appSecret).toBe('new');
    expect((await dir.byPhoneNumberId('111'))?.appSecret).toBe('new');
    expect(reads).toEqual(['111', '111']);
  });
});

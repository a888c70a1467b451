// The send step's read against a real Postgres: reads that start together share one statement and
// each step gets its own message (or nothing for an id that does not exist).
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestChannel, type TestChannel } from '../inbound/inbound-test-fixtures';
import type { SqlPool, SqlStatement } from '../ports/sql-pool';
import { createStepReader } from './step-reader';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
let db: TestDatabase;
let pool: pg.Pool;
let channel: TestChannel;

beforeAll(async () => {
  db = await createTestDatabase('core_step_reader');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined);
  channel = await createTestChannel(db.prisma, box);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('createStepReader', () => {
  it('reads many messages in one statement, each with its channel and contact', async () => {
    const contact = await db.prisma.contact.create({ data: { workspaceId: channel.workspaceId, waId: '16505550001' } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const m = await db.prisma.message.create({
        data: {
          workspaceId: channel.workspaceId, channelId: channel.channelId, contactId: i % 2 ? contact.id : null, direction: 'outbound',
          type: 'text', contentEnc: box.encryptJson({ text: { body: `m${i}` } }), status: 'queued', attempts: i, source: 'api', traceId: `t${i}`,
        },
      });
      ids.push(m.id);
    }
    const names: string[] = [];
    const sql: SqlPool = { query: (async (s: SqlStatement) => (names.push(s.name ?? (s.text.includes('ANY($1') ? 'many' : s.text)), pool.query(s))) as unknown as SqlPool['query'] };
    const read = createStepReader(sql);
    const missing = '01900000-0000-7000-8000-000000000000';
    const rows = await Promise.all([...ids, missing].map((id) => read(id)));
    expect(names).toEqual(['many']);
    expect(rows.map((r) => r?.id)).toEqual([...ids, undefined]);
    expect(rows.map((r) => r?.attempts)).toEqual([0, 1, 2, 3, 4, undefined]);
    expect(rows.map((r) => r?.wa_id ?? null)).toEqual([null, '16505550001', null, '16505550001', null, null]);
    expect(rows[0]).toMatchObject({ channel_id: channel.channelId, phone_number_id: channel.phoneNumberId, status: 'queued', direction: 'outbound' });
    // Alone, a read is the one-row statement.
    expect((await read(ids[2]!))?.id).toBe(ids[2]);
    expect(names.at(-1)).toBe('sb_send_step_read');
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from './generated/prisma/client';
import { createTestDatabase, type TestDatabase } from './test-database';

let db: TestDatabase;
let workspaceA: string;
let workspaceB: string;
let channelA1: string;
let channelA2: string;

beforeAll(async () => {
  db = await createTestDatabase('schema');
  const p = db.prisma;
  workspaceA = (await p.workspace.create({ data: { name: 'A', slug: 'a' } })).id;
  workspaceB = (await p.workspace.create({ data: { name: 'B', slug: 'b' } })).id;
  const channel = (workspaceId: string, phoneNumberId: string) =>
    p.channel.create({
      data: {
        workspaceId,
        kind: 'cloud',
        phoneNumberId,
        wabaId: 'waba',
        displayPhoneNumber: '15550000000',
        accessTokenEnc: 'v1.k1.x.y.z',
        appSecretEnc: 'v1.k1.x.y.z',
        verifyTokenEnc: 'v1.k1.x.y.z',
        verifyTokenHash: 'h',
      },
    });
  channelA1 = (await channel(workspaceA, '1001')).id;
  channelA2 = (await channel(workspaceA, '1002')).id;
});
afterAll(async () => {
  await db?.drop();
});

function uniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

const outbound = (channelId: string, wamid: string | null) => ({
  workspaceId: workspaceA,
  channelId,
  direction: 'outbound' as const,
  type: 'text',
  contentEnc: 'v1.k1.x.y.z',
  status: 'sent' as const,
  source: 'api' as const,
  traceId: randomUUID(),
  wamid,
});

describe('messages', () => {
  it('allows a wamid once per channel, in two channels, and any number of null wamids', async () => {
    const p = db.prisma;
    await p.message.create({ data: outbound(channelA1, 'wamid.SAME') });
    await p.message.create({ data: outbound(channelA2, 'wamid.SAME') });
    await p.message.create({ data: outbound(channelA1, null) });
    await p.message.create({ data: outbound(channelA1, null) });
    const duplicate = await p.message.create({ data: outbound(channelA1, 'wamid.SAME') }).catch((e: unknown) => e);
    expect(uniqueViolation(duplicate)).toBe(true);
  });

  it('defaults priority to "default" and attempts to 0, with a time-ordered uuid id', async () => {
    const first = await db.prisma.message.create({ data: outbound(channelA1, null) });
    const second = await db.prisma.message.create({ data: outbound(channelA1, null) });
    expect(first.priority).toBe('default');
    expect(first.attempts).toBe(0);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(second.id > first.id).toBe(true);
  });
});

describe('idempotency_records', () => {
  it('allows a key once per workspace and again in another workspace', async () => {
    const p = db.prisma;
    const record = (workspaceId: string) => ({
      workspaceId,
      key: 'order-42',
      requestHash: 'abc',
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
    });
    const created = await p.idempotencyRecord.create({ data: record(workspaceA) });
    expect(created.state).toBe('in_flight');
    await p.idempotencyRecord.create({ data: record(workspaceB) });
    const duplicate = await p.idempotencyRecord.create({ data: record(workspaceA) }).catch((e: unknown) => e);
    expect(uniqueViolation(duplicate)).toBe(true);
  });
});

describe('contacts', () => {
  it('keeps wa_id and user_id unique per workspace while allowing either to be null', async () => {
    const p = db.prisma;
    await p.contact.create({ data: { workspaceId: workspaceA, waId: '15551234567' } });
    await p.contact.create({ data: { workspaceId: workspaceA, userId: 'US.123' } });
    await p.contact.create({ data: { workspaceId: workspaceB, waId: '15551234567', userId: 'US.123' } });
    const duplicate = await p.contact
      .create({ data: { workspaceId: workspaceA, waId: '15551234567' } })
      .catch((e: unknown) => e);
    expect(uniqueViolation(duplicate)).toBe(true);
  });
});

describe('users', () => {
  it('stores emails lowercased only', async () => {
    await expect(
      db.prisma.user.create({ data: { email: 'Someone@Example.com', passwordHash: '$argon2id$x' } }),
    ).rejects.toThrow(/users_email_lowercase|check constraint/i);
    await db.prisma.user.create({ data: { email: 'someone@example.com', passwordHash: '$argon2id$x' } });
  });
});

describe('append-only tables', () => {
  it('rejects any UPDATE of a published flow version but lets it be deleted with its flow', async () => {
    const p = db.prisma;
    const flow = await p.flow.create({ data: { workspaceId: workspaceA, name: 'f', draft: { version: 1 } } });
    const version = await p.flowVersion.create({
      data: { workspaceId: workspaceA, flowId: flow.id, version: 1, document: { version: 1, nodes: [] } },
    });
    await expect(
      p.flowVersion.update({ where: { id: version.id }, data: { document: { version: 1, nodes: ['changed'] } } }),
    ).rejects.toThrow(/flow_versions rows are immutable/);
    await expect(p.$executeRaw`UPDATE flow_versions SET note = 'edited'`).rejects.toThrow(/immutable/);
    expect((await p.flowVersion.findUniqueOrThrow({ where: { id: version.id } })).document).toEqual({
      version: 1,
      nodes: [],
    });
    await p.flow.delete({ where: { id: flow.id } });
    expect(await p.flowVersion.count({ where: { id: version.id } })).toBe(0);
  });

  it('rejects UPDATE of message events and audit log entries', async () => {
    const p = db.prisma;
    const message = await p.message.create({ data: outbound(channelA1, null) });
    const event = await p.messageEvent.create({
      data: {
        workspaceId: workspaceA,
        messageId: message.id,
        status: 'sent',
        at: new Date(),
        source: 'meta',
        traceId: 't',
      },
    });
    await expect(p.messageEvent.update({ where: { id: event.id }, data: { status: 'read' } })).rejects.toThrow(
      /message_events rows are immutable/,
    );
    const entry = await p.auditLog.create({ data: { workspaceId: workspaceA, actorType: 'system', action: 'x' } });
    await expect(p.auditLog.update({ where: { id: entry.id }, data: { action: 'y' } })).rejects.toThrow(
      /audit_logs rows are immutable/,
    );
  });
});

describe('workspace deletion', () => {
  it('removes every row of the workspace, history tables included', async () => {
    const p = db.prisma;
    const ws = await p.workspace.create({ data: { name: 'C', slug: 'c' } });
    await p.auditLog.create({ data: { workspaceId: ws.id, actorType: 'system', action: 'x' } });
    const flow = await p.flow.create({ data: { workspaceId: ws.id, name: 'f', draft: {} } });
    await p.flowVersion.create({ data: { workspaceId: ws.id, flowId: flow.id, version: 1, document: {} } });
    await p.workspace.delete({ where: { id: ws.id } });
    expect(await p.auditLog.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await p.flowVersion.count({ where: { workspaceId: ws.id } })).toBe(0);
  });
});

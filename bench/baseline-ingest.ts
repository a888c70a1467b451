// The ingest floor for POST /api/v1/messages: plain node:http, the same rows
// (message `queued` + its `queued` event + the outbox entry, one atomic
// statement) and the same enqueue (the outbound scheduler's dispatcher),
// nothing else — no auth, no validation library, no framework. Recipients
// are resolved from a map loaded at start (the api reads them per request).
// Usage: node --import tsx bench/baseline-ingest.ts <port> <workspaceId>
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { createSecretBox, DEV_ENCRYPTION_KEY } from '@switchboard/db';
import { createOutboundDispatcher } from '@switchboard/queue';
import { Redis } from 'ioredis';
import pg from 'pg';

const port = Number(process.argv[2] ?? 3941);
const workspaceId = process.argv[3] ?? '';
const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });
const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, enableOfflineQueue: false });
const dispatcher = createOutboundDispatcher(redis, { prefix: 'bench:{baseline}' });
const box = createSecretBox(process.env['ENCRYPTION_KEY'] ?? DEV_ENCRYPTION_KEY);

const recipients = new Map<string, { contactId: string; conversationId: string }>();
const rows = await pool.query<{ channel_id: string; wa_id: string; contact_id: string; id: string }>(
  'SELECT c.channel_id, k.wa_id, c.contact_id, c.id FROM conversations c JOIN contacts k ON k.id = c.contact_id WHERE c.workspace_id = $1',
  [workspaceId],
);
for (const r of rows.rows) recipients.set(`${r.channel_id}:${r.wa_id}`, { contactId: r.contact_id, conversationId: r.id });

const INSERT = `
WITH m AS (
  INSERT INTO messages (id, workspace_id, channel_id, conversation_id, contact_id, direction, type, content_enc, status, priority, source, trace_id, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, 'outbound', $6, $7, 'queued', $8::"MessagePriority", 'api', $9, $10, $10)
  RETURNING id
), e AS (
  INSERT INTO message_events (id, workspace_id, message_id, status, at, source, trace_id)
  SELECT $11, $2, m.id, 'queued', $10, 'api', $9 FROM m
)
INSERT INTO outbox_entries (id, topic, payload) SELECT $12, 'outbound.send', json_build_object('messageId', m.id) FROM m`;

const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

createServer((req, res) => {
  if (req.method === 'GET') return reply(res, 200, { status: 'ok' });
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      let input: { channel_id?: string; to?: string; type?: string; priority?: string; [k: string]: unknown };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof input;
      } catch {
        return reply(res, 400, { error: 'invalid_json' });
      }
      const recipient = recipients.get(`${input.channel_id}:${String(input.to ?? '').replace(/^\+/, '')}`);
      if (!recipient || !input.type || !input.channel_id) return reply(res, 404, { error: 'unknown recipient' });
      const id = randomUUID();
      const now = new Date();
      const priority = input.priority ?? 'default';
      const traceId = randomUUID().replaceAll('-', '');
      await pool.query(INSERT, [
        id, workspaceId, input.channel_id, recipient.conversationId, recipient.contactId, input.type,
        box.encryptJson({ [input.type]: input[input.type] }), priority, traceId, now, randomUUID(), randomUUID(),
      ]);
      await dispatcher.dispatchOutbound({ messageId: id, workspaceId, channelId: input.channel_id, priority: priority as 'default' });
      reply(res, 202, { id, status: 'queued' });
    })().catch((error: unknown) => reply(res, 500, { error: (error as Error).message }));
  });
}).listen(port, '127.0.0.1');

process.once('SIGTERM', () => {
  void pool.end().finally(() => {
    redis.disconnect();
    process.exit(0);
  });
});

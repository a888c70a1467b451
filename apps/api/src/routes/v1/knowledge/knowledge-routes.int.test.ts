// /api/v1/bots/{bot_id}/documents through the real server on Postgres:
// uploads of text, Markdown and PDF, replace by name, list, delete, the
// size cap and type checks, scopes and tenancy.
import { buildTestPdf } from '@switchboard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startV1TestApp, type Tenant, type V1TestApp } from '../v1-test-harness';

let t: V1TestApp;
let mine: Tenant;
let theirs: Tenant;
let botId: string;
let theirBotId: string;

const upload = (key: string, query: string, body: string | Buffer | Uint8Array, contentType?: string, bot = botId) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/bots/${bot}/documents?${query}`,
    headers: auth(key, contentType ? { 'content-type': contentType } : {}),
    payload: typeof body === 'string' ? body : Buffer.from(body),
  });
const list = async (key = mine.keys.all!, bot = botId) => t.app.inject({ method: 'GET', url: `/api/v1/bots/${bot}/documents`, headers: auth(key) });

beforeAll(async () => {
  t = await startV1TestApp();
  mine = await t.createTenant({ bots: ['bots:write'], messages: ['messages:write', 'messages:read'] });
  theirs = await t.createTenant();
  botId = (await t.db.prisma.bot.create({ data: { workspaceId: mine.workspaceId, name: 'Tea agent', mode: 'agent' } })).id;
  theirBotId = (await t.db.prisma.bot.create({ data: { workspaceId: theirs.workspaceId, name: 'Theirs', mode: 'agent' } })).id;
});
afterAll(async () => {
  await t?.close();
});

describe('knowledge documents over REST', () => {
  it('uploads Markdown, replaces it by name, lists chunk counts and deletes', async () => {
    const first = await upload(mine.keys.bots!, 'name=faq.md&language=english', '# Shipping\n\nWe ship to Portugal in 3 days.', 'text/markdown; charset=utf-8');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ id: expect.any(String), name: 'faq.md', chunks: 1, replaced: false, embedding_model: null });

    const again = await upload(mine.keys.bots!, 'name=faq.md', 'First.\n\nSecond paragraph.', 'text/plain');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ name: 'faq.md', replaced: true });

    const listed = await list(mine.keys.bots!);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      data: [{ id: again.json().id, name: 'faq.md', language: 'simple', characters: 25, chunks: 1, embedding_model: null, created_at: expect.any(String), updated_at: expect.any(String) }],
    });

    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/bots/${botId}/documents/${again.json().id}`, headers: auth(mine.keys.bots!) });
    expect(deleted.statusCode).toBe(204);
    expect((await list()).json()).toEqual({ data: [] });
    const gone = await t.app.inject({ method: 'DELETE', url: `/api/v1/bots/${botId}/documents/${again.json().id}`, headers: auth(mine.keys.bots!) });
    expect(gone.statusCode).toBe(404);
  });

  it('reduces an uploaded PDF to its text before chunking it', async () => {
    const pdf = buildTestPdf([['Tea handbook'], ['Steep oolong for three minutes.']]);
    const res = await upload(mine.keys.all!, 'name=handbook.pdf', pdf, 'application/pdf');
    expect(res.statusCode).toBe(201);
    const chunks = await t.db.prisma.knowledgeChunk.findMany({ where: { documentId: res.json().id }, select: { text: true } });
    expect(chunks.map((c) => c.text)).toEqual(['Tea handbook\n\nSteep oolong for three minutes.']);
    await t.db.prisma.knowledgeDocument.deleteMany({ where: { botId } });
  });

  it('accepts files above the JSON body limit up to its own cap, and answers 413 beyond it', async () => {
    // 400,000 characters of 3 bytes each: 1.2 MB, over the API's 1 MiB JSON limit, under the 5 MiB file cap.
    const big = await upload(mine.keys.all!, 'name=big.txt', '茶'.repeat(400_000), 'text/plain');
    expect(big.statusCode).toBe(201);
    const tooBig = await upload(mine.keys.all!, 'name=huge.txt', Buffer.alloc(5 * 1024 * 1024 + 1, 0x61), 'text/plain');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('payload_too_large');
    const tooLong = await upload(mine.keys.all!, 'name=long.txt', 'a'.repeat(500_001), 'text/plain');
    expect(tooLong.statusCode).toBe(413);
    expect((await list()).json().data.map((d: { name: string }) => d.name)).toEqual(['big.txt']);
    await t.db.prisma.knowledgeDocument.deleteMany({ where: { botId } });
  });

  it('refuses other types with 415 and unreadable files with 422, storing nothing', async () => {
    for (const type of ['image/png', 'application/json', 'application/octet-stream']) {
      const res = await upload(mine.keys.all!, 'name=x', '{"a":1}', type);
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error).toMatchObject({ code: 'unsupported_media_type', details: { accepted: ['text/plain', 'text/markdown', 'application/pdf'] } });
    }
    expect((await upload(mine.keys.all!, 'name=x', 'hello')).statusCode).toBe(415);
    const fakePdf = await upload(mine.keys.all!, 'name=x.pdf', 'this is not a pdf', 'application/pdf');
    expect(fakePdf.statusCode).toBe(422);
    expect(fakePdf.json().error.code).toBe('unreadable_document');
    const scan = await upload(mine.keys.all!, 'name=scan.pdf', buildTestPdf([[]]), 'application/pdf');
    expect(scan.json().error).toMatchObject({ code: 'unreadable_document', message: expect.stringContaining('no text layer') });
    const latin1 = await upload(mine.keys.all!, 'name=x.txt', Buffer.from([0x63, 0x68, 0xe1]), 'text/plain');
    expect(latin1.json().error.code).toBe('unreadable_document');
    const empty = await upload(mine.keys.all!, 'name=x.txt', '', 'text/plain');
    expect(empty.statusCode).toBe(422);
    expect((await list()).json()).toEqual({ data: [] });
  });

  it('validates the name, the language and the ids', async () => {
    expect((await upload(mine.keys.all!, '', 'text', 'text/plain')).json().error.code).toBe('validation_failed');
    expect((await upload(mine.keys.all!, 'name=a&language=klingon', 'text', 'text/plain')).statusCode).toBe(400);
    expect((await upload(mine.keys.all!, 'name=a', 'text', 'text/plain', 'not-a-uuid')).statusCode).toBe(400);
  });

  it('needs bots:write and stays inside the key\'s workspace', async () => {
    const noKey = await t.app.inject({ method: 'POST', url: `/api/v1/bots/${botId}/documents?name=a`, headers: { 'content-type': 'text/plain' }, payload: 'x' });
    expect(noKey.statusCode).toBe(401);
    const wrongScope = await upload(mine.keys.messages!, 'name=a', 'text', 'text/plain');
    expect(wrongScope.statusCode).toBe(403);
    expect((await list(mine.keys.messages!)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/bots/${botId}/documents/${botId}`, headers: auth(mine.keys.messages!) })).statusCode).toBe(403);

    const foreign = await upload(mine.keys.all!, 'name=a', 'text', 'text/plain', theirBotId);
    expect(foreign.statusCode).toBe(404);
    expect((await list(mine.keys.all!, theirBotId)).statusCode).toBe(404);
    const theirDoc = await upload(theirs.keys.all!, 'name=theirs', 'their text', 'text/plain', theirBotId);
    expect(theirDoc.statusCode).toBe(201);
    const cross = await t.app.inject({ method: 'DELETE', url: `/api/v1/bots/${theirBotId}/documents/${theirDoc.json().id}`, headers: auth(mine.keys.all!) });
    expect(cross.statusCode).toBe(404);
    expect(await t.db.prisma.knowledgeDocument.count({ where: { botId: theirBotId } })).toBe(1);
  });

  it('is described in the OpenAPI document with its file media types', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const post = doc.paths['/api/v1/bots/{bot_id}/documents'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['text/plain', 'text/markdown', 'application/pdf']);
    expect(post['x-required-scopes']).toEqual(['bots:write']);
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '201', '413', '415', '422']));
    expect(doc.paths['/api/v1/bots/{bot_id}/documents/{id}'].delete).toBeDefined();
  });
});

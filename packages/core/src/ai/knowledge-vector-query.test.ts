// The pgvector branch of the ranking query cannot run on this project's
// Postgres 15 (Debian ships no pgvector for it), so it runs here on PGlite:
// real Postgres compiled to WebAssembly, with its pgvector extension.
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeVectorQuery, vectorLiteral } from './knowledge-vector-query';

const workspace = '00000000-0000-4000-8000-000000000001';
const bot = '00000000-0000-4000-8000-000000000002';
const otherBot = '00000000-0000-4000-8000-000000000003';
const doc = '00000000-0000-4000-8000-00000000000d';

// The columns the query reads, as the migrations define them.
const schema = `
  CREATE EXTENSION vector;
  CREATE TABLE knowledge_documents (id uuid PRIMARY KEY, title text NOT NULL);
  CREATE TABLE knowledge_chunks (
    id uuid PRIMARY KEY, workspace_id uuid NOT NULL, document_id uuid NOT NULL REFERENCES knowledge_documents(id),
    bot_id uuid NOT NULL, seq int NOT NULL, text text NOT NULL, embedding real[], embedding_model text, embedding_dims int)`;

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create({ extensions: { vector } });
  await db.exec(schema);
  await db.query(`INSERT INTO knowledge_documents VALUES ($1, 'Guide')`, [doc]);
  const chunks: [string, string, string, number[] | null, string | null][] = [
    ['a', bot, 'east', [1, 0, 0], 'm'],
    ['b', bot, 'north-east', [0.7, 0.7, 0], 'm'],
    ['c', bot, 'north', [0, 1, 0], 'm'],
    ['d', bot, 'west, long', [-5, 0, 0], 'm'],
    ['e', bot, 'east but another model', [1, 0, 0], 'other'],
    ['f', otherBot, 'east of another bot', [1, 0, 0], 'm'],
    ['g', bot, 'not embedded', null, null],
  ];
  for (const [i, [, botId, text, embedding, model]] of chunks.entries()) {
    await db.query(
      `INSERT INTO knowledge_chunks VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::real[], $7, $8)`,
      [workspace, doc, botId, i, text, embedding ? vectorLiteral(embedding) : null, model, embedding?.length ?? null],
    );
  }
}, 120_000); // Starting WebAssembly Postgres takes seconds on a loaded machine.
afterAll(() => db.close());

async function rank(pgvector: boolean, query: number[], limit = 10) {
  const result = await db.query<{ title: string; text: string; similarity: number }>(knowledgeVectorQuery(pgvector), [
    workspace, bot, 'm', 3, vectorLiteral(query), limit,
  ]);
  return result.rows;
}

describe('knowledgeVectorQuery on PGlite with pgvector', () => {
  it('ranks with pgvector: nearest direction first, length ignored, other models and bots left out', async () => {
    const rows = await rank(true, [0.9, 0.2, 0]);
    expect(rows.map((r) => r.text)).toEqual(['east', 'north-east', 'north', 'west, long']);
    expect(rows[0]!.similarity).toBeCloseTo(0.976, 3);
    expect(rows[3]!.similarity).toBeCloseTo(-0.976, 3);
    expect(rows.every((r) => r.title === 'Guide')).toBe(true);
  });

  it('honours the limit', async () => {
    expect((await rank(true, [0, 1, 0], 2)).map((r) => r.text)).toEqual(['north', 'north-east']);
  });

  it('gives the same order and similarities as the plain-SQL cosine', async () => {
    for (const query of [[0.9, 0.2, 0], [0, 1, 0], [-1, 0.1, 0.3]]) {
      const withVector = await rank(true, query);
      const plain = await rank(false, query);
      expect(plain.map((r) => r.text)).toEqual(withVector.map((r) => r.text));
      plain.forEach((row, i) => expect(row.similarity).toBeCloseTo(withVector[i]!.similarity, 5));
    }
  });

  it('really uses pgvector on that branch (the statement fails without the extension)', async () => {
    const bare = await PGlite.create();
    try {
      await bare.exec(schema.replace('CREATE EXTENSION vector;', ''));
      await expect(bare.query(knowledgeVectorQuery(true), [workspace, bot, 'm', 3, vectorLiteral([1, 0, 0]), 5])).rejects.toThrow(/vector/);
      await expect(bare.query(knowledgeVectorQuery(false), [workspace, bot, 'm', 3, vectorLiteral([1, 0, 0]), 5])).resolves.toBeDefined();
    } finally {
      await bare.close();
    }
  }, 120_000);
});

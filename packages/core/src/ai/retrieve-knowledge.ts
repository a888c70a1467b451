import type { Prisma, PrismaClient } from '@switchboard/db';

/** One retrieved chunk, best first. */
export interface KnowledgeSnippet {
  title: string;
  text: string;
  rank: number;
}

// Words of the question as tsquery terms, OR-ed: a question rarely repeats every word of the answer.
function queryTerms(question: string): string | null {
  const words = (question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1).slice(0, 40);
  if (words.length === 0) return null;
  return [...new Set(words)].map((w) => `${w}:*`).join(' | ');
}

/**
 * The bot's knowledge chunks that best match a question, by Postgres
 * full-text search (each chunk searched with its document's language, ranked
 * by ts_rank_cd). Empty when the bot has no documents or nothing matches.
 */
export async function retrieveKnowledge(
  db: PrismaClient | Prisma.TransactionClient,
  input: { workspaceId: string; botId: string; question: string; limit: number },
): Promise<KnowledgeSnippet[]> {
  const terms = queryTerms(input.question);
  if (!terms || input.limit <= 0) return [];
  const rows = await db.$queryRaw<{ title: string; text: string; rank: number }[]>`
    SELECT d.title, c.text, ts_rank_cd(c.tsv, q.query)::float8 AS rank
    FROM knowledge_chunks c
    JOIN knowledge_documents d ON d.id = c.document_id
    CROSS JOIN LATERAL (SELECT to_tsquery(d.language::regconfig, ${terms}) AS query) q
    WHERE c.bot_id = ${input.botId}::uuid AND c.workspace_id = ${input.workspaceId}::uuid AND c.tsv @@ q.query
    ORDER BY rank DESC, c.seq
    LIMIT ${input.limit}`;
  return rows.map((r) => ({ title: r.title, text: r.text, rank: Number(r.rank) }));
}

// The SQL that ranks a bot's chunks by cosine similarity to a query vector.
// Kept as text (not a tagged template) so the very same statement runs
// through Prisma and, in tests, through PGlite with pgvector.

/**
 * The ranking statement. Parameters: $1 workspace id, $2 bot id, $3
 * embeddings model, $4 dimensions, $5 the query vector as a `real[]` literal
 * (`vectorLiteral`), $6 limit. Returns `title`, `text`, `similarity` (cosine,
 * −1…1), best first. With `pgvector` the stored `real[]` is cast to `vector`
 * and ordered by pgvector's cosine distance `<=>`; without it the cosine is
 * computed in plain SQL over the two arrays. Only chunks embedded with that
 * model and length take part.
 */
export function knowledgeVectorQuery(pgvector: boolean): string {
  const similarity = pgvector
    ? `(1 - (c.embedding::vector <=> $5::real[]::vector))::float8`
    : `(SELECT (sum(a::float8 * b) / NULLIF(sqrt(sum(a::float8 * a)) * sqrt(sum(b::float8 * b)), 0)) FROM unnest(c.embedding, $5::real[]) AS t(a, b))`;
  const order = pgvector ? `c.embedding::vector <=> $5::real[]::vector` : `similarity DESC NULLS LAST`;
  return `
    SELECT d.title, c.text, ${similarity} AS similarity
    FROM knowledge_chunks c
    JOIN knowledge_documents d ON d.id = c.document_id
    WHERE c.workspace_id = $1::uuid AND c.bot_id = $2::uuid AND c.embedding_model = $3 AND c.embedding_dims = $4::int
    ORDER BY ${order}, c.seq, c.id
    LIMIT $6::int`;
}

/** A vector as a Postgres `real[]` literal (`{0.1,-0.2}`), the form $5 and stored embeddings are written in. */
export function vectorLiteral(vector: readonly number[]): string {
  if (!vector.every(Number.isFinite)) throw new Error('a vector must hold finite numbers');
  return `{${vector.join(',')}}`;
}

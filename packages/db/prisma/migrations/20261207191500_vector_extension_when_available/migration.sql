-- pgvector when the server has it (the docker-compose image pgvector/pgvector:pg15 does; Debian's
-- PostgreSQL 15 does not). Knowledge ranking uses it when present (docs/ai-agent.md, "Retrieval");
-- nothing depends on it, so a server without it, or a role that may not create it, skips this.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS vector;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'pgvector is available but this role may not create it; knowledge ranking uses plain SQL';
    END;
  END IF;
END
$$;

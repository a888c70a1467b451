-- Meta delivers status webhooks at least once (retries, several apps
-- subscribed to one number). Every status is recorded in message_events,
-- but the same status of the same message at the same Meta timestamp only
-- once: the inbound worker inserts with ON CONFLICT DO NOTHING against this
-- index. Events written by our own pipeline (source api/worker) are not
-- constrained. Partial indexes cannot be expressed in schema.prisma, so this
-- lives only here (later schema diffs never see or drop it).
CREATE UNIQUE INDEX "message_events_meta_dedupe_key"
  ON "message_events" ("message_id", "status", "at")
  WHERE "source" = 'meta';

-- Hand-written (the schema language cannot express partial indexes): both outbox pollers claim the
-- oldest pending rows of their topic, and each pass should cost what is pending, not what the table
-- keeps or how deep the backlog is.
--
-- The relay's pass (oldest unpublished `outbound.send` rows by created_at): with only
-- (topic, created_at) and (published_at, created_at) to choose from, it read every send row the table
-- still kept, or every unpublished row of every topic (customer events included), then filtered:
-- 17 ms a pass on average in the benchmark, growing with the table.
CREATE INDEX IF NOT EXISTS "outbox_entries_send_pending_idx" ON "outbox_entries" ("created_at")
  WHERE "published_at" IS NULL AND "topic" = 'outbound.send';

-- The customer-event fan-out claims by (created_at, id); its index had created_at only, so even
-- walked in order it needed an incremental sort before the LIMIT. Same rows, now in the claim's order;
-- the claim's planner settings (fan-out-customer-events.ts, CLAIM_PLANNER_SETTINGS) make the planner
-- take this walk when statistics from before a backlog make reading and sorting everything look cheap.
DROP INDEX IF EXISTS "outbox_entries_customer_event_pending_idx";
CREATE INDEX "outbox_entries_customer_event_pending_idx" ON "outbox_entries" ("created_at", "id")
  WHERE "published_at" IS NULL AND "topic" = 'customer_event';

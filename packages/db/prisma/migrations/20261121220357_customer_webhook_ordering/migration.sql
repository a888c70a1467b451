-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "event_seq" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "give_up_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_error" TEXT;

-- Hand-written: the delivery claim checks "is an earlier delivery of the same message to the same
-- endpoint still open?" for every candidate; only open deliveries matter, so index just those.
CREATE INDEX "webhook_deliveries_open_ordering_idx" ON "webhook_deliveries" ("endpoint_id", "ordering_key", "event_seq")
  WHERE "status" IN ('pending', 'delivering');

-- Hand-written: the customer-event fan-out reads unpublished customer_event outbox rows in order.
CREATE INDEX "outbox_entries_customer_event_pending_idx" ON "outbox_entries" ("created_at")
  WHERE "published_at" IS NULL AND "topic" = 'customer_event';

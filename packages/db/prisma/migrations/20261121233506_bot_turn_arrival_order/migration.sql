-- AlterTable
ALTER TABLE "inbound_webhooks" ALTER COLUMN "received_at" SET DATA TYPE TIMESTAMPTZ(6);

-- AlterTable
ALTER TABLE "bot_turn_inputs" ADD COLUMN     "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Inputs stored before this column existed: their arrival is the best
-- estimate of when their webhook was received.
UPDATE "bot_turn_inputs" SET "received_at" = "arrived_at";

-- The turn's arrival barrier asks "is an earlier webhook of this channel
-- still unprocessed?": only unprocessed rows are ever indexed here, so the
-- lookup stays small however many webhooks a channel has received.
-- (Partial indexes are not expressible in schema.prisma; this one lives only
-- in migrations, which schema-to-schema diffs leave untouched.)
CREATE INDEX "inbound_webhooks_unprocessed_channel_idx" ON "inbound_webhooks" ("channel_id", "received_at") WHERE "processed_at" IS NULL;

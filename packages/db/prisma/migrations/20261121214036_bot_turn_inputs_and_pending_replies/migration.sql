-- CreateTable
CREATE TABLE "bot_turn_inputs" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "message_id" UUID NOT NULL,
    "bot_id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "wamid" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "content_enc" TEXT NOT NULL,
    "arrived_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "consumed_at" TIMESTAMPTZ(3),
    "outcome" TEXT,

    CONSTRAINT "bot_turn_inputs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bot_pending_replies" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "channel_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "content_enc" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_pending_replies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "bot_turn_inputs_message_id_key" ON "bot_turn_inputs"("message_id");

-- CreateIndex
CREATE INDEX "bot_turn_inputs_conversation_id_consumed_at_seq_idx" ON "bot_turn_inputs"("conversation_id", "consumed_at", "seq");

-- CreateIndex
CREATE INDEX "bot_turn_inputs_consumed_at_arrived_at_idx" ON "bot_turn_inputs"("consumed_at", "arrived_at");

-- CreateIndex
CREATE INDEX "bot_turn_inputs_workspace_id_arrived_at_idx" ON "bot_turn_inputs"("workspace_id", "arrived_at");

-- CreateIndex
CREATE INDEX "bot_pending_replies_conversation_id_seq_idx" ON "bot_pending_replies"("conversation_id", "seq");

-- CreateIndex
CREATE INDEX "bot_pending_replies_created_at_idx" ON "bot_pending_replies"("created_at");

-- CreateIndex
CREATE INDEX "bot_pending_replies_workspace_id_created_at_idx" ON "bot_pending_replies"("workspace_id", "created_at");

-- AddForeignKey
ALTER TABLE "bot_turn_inputs" ADD CONSTRAINT "bot_turn_inputs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_turn_inputs" ADD CONSTRAINT "bot_turn_inputs_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_pending_replies" ADD CONSTRAINT "bot_pending_replies_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_pending_replies" ADD CONSTRAINT "bot_pending_replies_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

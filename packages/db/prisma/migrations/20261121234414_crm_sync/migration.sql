-- AlterTable
ALTER TABLE "crm_links" ADD COLUMN     "source_id" TEXT,
ADD COLUMN     "synced_name" TEXT;

-- CreateTable
CREATE TABLE "crm_dead_letters" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "task" TEXT NOT NULL,
    "local_id" UUID NOT NULL,
    "error" TEXT NOT NULL,
    "status" INTEGER,
    "retryable" BOOLEAN NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "crm_dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crm_webhook_receipts" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "crm_webhook_receipts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crm_feed_cursors" (
    "name" TEXT NOT NULL,
    "position" TIMESTAMPTZ(3) NOT NULL,
    "last_id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "crm_feed_cursors_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "crm_dead_letters_workspace_id_created_at_idx" ON "crm_dead_letters"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "crm_dead_letters_resolved_at_created_at_idx" ON "crm_dead_letters"("resolved_at", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "crm_dead_letters_integration_id_task_local_id_key" ON "crm_dead_letters"("integration_id", "task", "local_id");

-- CreateIndex
CREATE INDEX "crm_webhook_receipts_workspace_id_received_at_idx" ON "crm_webhook_receipts"("workspace_id", "received_at");

-- CreateIndex
CREATE INDEX "crm_webhook_receipts_received_at_idx" ON "crm_webhook_receipts"("received_at");

-- CreateIndex
CREATE UNIQUE INDEX "crm_webhook_receipts_integration_id_delivery_id_key" ON "crm_webhook_receipts"("integration_id", "delivery_id");

-- CreateIndex
CREATE INDEX "outbox_entries_topic_created_at_idx" ON "outbox_entries"("topic", "created_at");

-- AddForeignKey
ALTER TABLE "crm_dead_letters" ADD CONSTRAINT "crm_dead_letters_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_dead_letters" ADD CONSTRAINT "crm_dead_letters_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_webhook_receipts" ADD CONSTRAINT "crm_webhook_receipts_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_webhook_receipts" ADD CONSTRAINT "crm_webhook_receipts_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

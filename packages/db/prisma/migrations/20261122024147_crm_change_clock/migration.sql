-- AlterTable
ALTER TABLE "crm_links" ADD COLUMN     "last_change_at" TIMESTAMPTZ(6);

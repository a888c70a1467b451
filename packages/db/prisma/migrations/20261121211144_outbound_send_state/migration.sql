-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "possible_duplicate" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "transient_failures" INTEGER NOT NULL DEFAULT 0;

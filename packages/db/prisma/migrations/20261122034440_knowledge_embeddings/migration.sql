-- AlterTable
ALTER TABLE "knowledge_chunks" ADD COLUMN     "embedding" REAL[],
ADD COLUMN     "embedding_dims" INTEGER,
ADD COLUMN     "embedding_model" TEXT;

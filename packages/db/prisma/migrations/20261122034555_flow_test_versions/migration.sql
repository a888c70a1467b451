-- CreateEnum
CREATE TYPE "FlowVersionKind" AS ENUM ('published', 'test');

-- DropIndex
DROP INDEX "flow_versions_flow_id_version_key";

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "test_flow_version_id" UUID;

-- AlterTable
ALTER TABLE "flow_versions" ADD COLUMN     "kind" "FlowVersionKind" NOT NULL DEFAULT 'published';

-- CreateIndex
CREATE UNIQUE INDEX "flow_versions_flow_id_kind_version_key" ON "flow_versions"("flow_id", "kind", "version");

-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_test_flow_version_id_fkey" FOREIGN KEY ("test_flow_version_id") REFERENCES "flow_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The version of what a person decides about a resource: If-Match compares it in the UPDATE's
-- WHERE, and the API shows it as the resource's ETag.
ALTER TABLE "clusters" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "users" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- Keyset paging of every task, newest first, whatever the filters.
CREATE INDEX "tasks_created_at_id_idx" ON "tasks"("created_at", "id");

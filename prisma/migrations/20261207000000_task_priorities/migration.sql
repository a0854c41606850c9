-- Task priorities: 1 to 10, 10 the most urgent.
ALTER TABLE "tasks" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 5;

-- The reconciler routes a cluster's waiting tasks most urgent first, then oldest first.
CREATE INDEX "tasks_cluster_id_status_priority_created_at_idx" ON "tasks"("cluster_id", "status", "priority" DESC, "created_at");

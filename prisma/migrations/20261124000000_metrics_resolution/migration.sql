-- AlterTable
ALTER TABLE "cluster_metrics" ADD COLUMN     "resolution_seconds" INTEGER NOT NULL DEFAULT 2;

-- CreateIndex
CREATE INDEX "tasks_cluster_id_finished_at_idx" ON "tasks"("cluster_id", "finished_at");

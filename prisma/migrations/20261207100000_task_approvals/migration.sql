-- Tasks held for a person's approval before they are routed.
-- AlterEnum
ALTER TYPE "TaskStatus" ADD VALUE 'AWAITING_APPROVAL' BEFORE 'PENDING';

-- CreateTable
CREATE TABLE "task_approvals" (
    "task_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "timeout_seconds" INTEGER NOT NULL,
    "on_timeout" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "escalated_at" TIMESTAMPTZ(3),
    "decision" TEXT,
    "decided_by" TEXT,
    "comment" TEXT,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "task_approvals_pkey" PRIMARY KEY ("task_id")
);

-- CreateIndex
CREATE INDEX "task_approvals_cluster_id_requested_at_idx" ON "task_approvals"("cluster_id", "requested_at");

-- CreateIndex
CREATE INDEX "task_approvals_decided_at_idx" ON "task_approvals"("decided_at");

-- AddForeignKey
ALTER TABLE "task_approvals" ADD CONSTRAINT "task_approvals_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

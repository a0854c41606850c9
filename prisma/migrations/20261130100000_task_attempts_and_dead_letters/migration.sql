-- CreateTable
CREATE TABLE "task_attempts" (
    "id" BIGSERIAL NOT NULL,
    "task_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "agent_id" UUID,
    "outcome" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "task_attempts_task_id_attempt_idx" ON "task_attempts"("task_id", "attempt");

-- AddForeignKey
ALTER TABLE "task_attempts" ADD CONSTRAINT "task_attempts_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "dead_letters" ADD COLUMN     "task_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "dead_letters_task_id_key" ON "dead_letters"("task_id");

-- CreateIndex
CREATE INDEX "dead_letters_cluster_id_created_at_idx" ON "dead_letters"("cluster_id", "created_at");

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('PENDING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- AlterTable
ALTER TABLE "cluster_agents" ADD COLUMN     "last_exit_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_exit_code" INTEGER,
ADD COLUMN     "last_exit_signal" TEXT,
ADD COLUMN     "node_id" TEXT,
ADD COLUMN     "pid" INTEGER,
ADD COLUMN     "restart_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "started_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "nodes" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "capacity" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stopped_at" TIMESTAMPTZ(3),

    CONSTRAINT "nodes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tasks" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "parent_task_id" UUID,
    "root_task_id" UUID,
    "depth" INTEGER NOT NULL DEFAULT 0,
    "chain" UUID[],
    "target_kind" TEXT NOT NULL,
    "target_value" TEXT,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "session_key" TEXT,
    "source" TEXT NOT NULL DEFAULT 'api',
    "status" "TaskStatus" NOT NULL DEFAULT 'PENDING',
    "agent_id" UUID,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 3,
    "timeout_ms" INTEGER NOT NULL,
    "result" JSONB,
    "error" TEXT,
    "usage" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "routed_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dead_letters" (
    "id" UUID NOT NULL,
    "cluster_id" TEXT,
    "queue" TEXT NOT NULL,
    "job_name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replayed_at" TIMESTAMPTZ(3),
    "replay_task_id" TEXT,

    CONSTRAINT "dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tasks_cluster_id_created_at_idx" ON "tasks"("cluster_id", "created_at");

-- CreateIndex
CREATE INDEX "tasks_status_idx" ON "tasks"("status");

-- CreateIndex
CREATE INDEX "tasks_agent_id_status_idx" ON "tasks"("agent_id", "status");

-- CreateIndex
CREATE INDEX "tasks_parent_task_id_idx" ON "tasks"("parent_task_id");

-- CreateIndex
CREATE INDEX "tasks_root_task_id_idx" ON "tasks"("root_task_id");

-- CreateIndex
CREATE INDEX "dead_letters_created_at_idx" ON "dead_letters"("created_at");

-- CreateIndex
CREATE INDEX "cluster_agents_node_id_idx" ON "cluster_agents"("node_id");

-- AddForeignKey
ALTER TABLE "cluster_agents" ADD CONSTRAINT "cluster_agents_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_parent_task_id_fkey" FOREIGN KEY ("parent_task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "cluster_agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "cluster_agents" ADD COLUMN     "circuit_opened_at" TIMESTAMPTZ(3),
ADD COLUMN     "circuit_state" TEXT NOT NULL DEFAULT 'closed';

-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "duplicate_runs" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "healing_events" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'warning',
    "subject" TEXT NOT NULL,
    "cluster_id" UUID,
    "agent_id" UUID,
    "node_id" TEXT,
    "detail" TEXT NOT NULL,
    "action" TEXT,
    "actor" TEXT NOT NULL DEFAULT 'auto',
    "outcome" TEXT NOT NULL DEFAULT 'pending',
    "duration_ms" INTEGER,
    "finished_at" TIMESTAMPTZ(3),
    "data" JSONB,

    CONSTRAINT "healing_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "healing_events_at_idx" ON "healing_events"("at");

-- CreateIndex
CREATE INDEX "healing_events_cluster_id_at_idx" ON "healing_events"("cluster_id", "at");

-- AlterEnum
ALTER TYPE "HealingKind" ADD VALUE 'node_fenced';
ALTER TYPE "HealingKind" ADD VALUE 'node_drained';
ALTER TYPE "HealingKind" ADD VALUE 'node_rebalanced';
ALTER TYPE "HealingKind" ADD VALUE 'leader_failover';

-- AlterTable
ALTER TABLE "cluster_agents" ADD COLUMN "placement_wait" TEXT,
ADD COLUMN "move_requested_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "nodes" ADD COLUMN "labels" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN "address" TEXT,
ADD COLUMN "cordoned" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "draining_at" TIMESTAMPTZ(3),
ADD COLUMN "failovers" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "last_failover_ms" INTEGER,
ADD COLUMN "lost_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "control_leader" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "epoch" INTEGER NOT NULL,
    "holder" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "failovers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "control_leader_pkey" PRIMARY KEY ("id")
);

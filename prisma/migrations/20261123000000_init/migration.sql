-- CreateEnum
CREATE TYPE "ClusterStatus" AS ENUM ('PLANNING', 'SPAWNING', 'ACTIVE', 'SCALING_UP', 'SCALING_DOWN', 'HIBERNATED', 'DESTROYING', 'DESTROYED');

-- CreateEnum
CREATE TYPE "ClusterType" AS ENUM ('department', 'project', 'temporary', 'persistent');

-- CreateEnum
CREATE TYPE "AgentTier" AS ENUM ('supervisor', 'lead', 'specialist', 'worker');

-- CreateEnum
CREATE TYPE "AgentStatus" AS ENUM ('PENDING', 'STARTING', 'IDLE', 'BUSY', 'FAILED', 'STOPPED');

-- CreateTable
CREATE TABLE "cluster_blueprints" (
    "id" UUID NOT NULL,
    "blueprint_id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "source" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "checksum" TEXT NOT NULL,
    "origin" TEXT NOT NULL DEFAULT 'api',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cluster_blueprints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clusters" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "type" "ClusterType" NOT NULL,
    "status" "ClusterStatus" NOT NULL DEFAULT 'PLANNING',
    "blueprint_version_id" UUID NOT NULL,
    "min_workers" INTEGER NOT NULL,
    "max_workers" INTEGER NOT NULL,
    "target_workers" INTEGER NOT NULL,
    "current_workers" INTEGER NOT NULL DEFAULT 0,
    "routing_strategy" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "status_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "clusters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cluster_agents" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "agent_key" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tier" "AgentTier" NOT NULL,
    "name" TEXT NOT NULL,
    "capabilities" TEXT[],
    "status" "AgentStatus" NOT NULL DEFAULT 'PENDING',
    "reports_to_id" UUID,
    "spec" JSONB NOT NULL,
    "added_manually" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "removed_at" TIMESTAMPTZ(3),

    CONSTRAINT "cluster_agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cluster_metrics" (
    "id" BIGSERIAL NOT NULL,
    "cluster_id" UUID NOT NULL,
    "sampled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "queue_length" INTEGER NOT NULL DEFAULT 0,
    "queue_wait_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "tasks_per_minute" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "avg_response_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "p95_response_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "error_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "agents_active" INTEGER NOT NULL DEFAULT 0,
    "agents_idle" INTEGER NOT NULL DEFAULT 0,
    "agents_busy" INTEGER NOT NULL DEFAULT 0,
    "agents_failed" INTEGER NOT NULL DEFAULT 0,
    "cpu_percent" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "memory_mb" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "cluster_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "cluster_blueprints_blueprint_id_idx" ON "cluster_blueprints"("blueprint_id");

-- CreateIndex
CREATE UNIQUE INDEX "cluster_blueprints_blueprint_id_version_key" ON "cluster_blueprints"("blueprint_id", "version");

-- CreateIndex
CREATE INDEX "clusters_status_idx" ON "clusters"("status");

-- CreateIndex
CREATE INDEX "clusters_deleted_at_created_at_idx" ON "clusters"("deleted_at", "created_at");

-- CreateIndex
CREATE INDEX "cluster_agents_cluster_id_removed_at_idx" ON "cluster_agents"("cluster_id", "removed_at");

-- CreateIndex
CREATE INDEX "cluster_agents_reports_to_id_idx" ON "cluster_agents"("reports_to_id");

-- CreateIndex
CREATE UNIQUE INDEX "cluster_agents_cluster_id_agent_key_key" ON "cluster_agents"("cluster_id", "agent_key");

-- CreateIndex
CREATE INDEX "cluster_metrics_cluster_id_sampled_at_idx" ON "cluster_metrics"("cluster_id", "sampled_at");

-- AddForeignKey
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_blueprint_version_id_fkey" FOREIGN KEY ("blueprint_version_id") REFERENCES "cluster_blueprints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_agents" ADD CONSTRAINT "cluster_agents_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_agents" ADD CONSTRAINT "cluster_agents_reports_to_id_fkey" FOREIGN KEY ("reports_to_id") REFERENCES "cluster_agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_metrics" ADD CONSTRAINT "cluster_metrics_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

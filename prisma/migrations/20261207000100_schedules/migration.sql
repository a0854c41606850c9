-- Per-cluster schedules and their runs.
CREATE TABLE "schedules" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "task" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "missed_runs" TEXT NOT NULL DEFAULT 'run_once',
    "last_planned_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "schedule_runs" (
    "id" UUID NOT NULL,
    "schedule_id" UUID NOT NULL,
    "planned_at" TIMESTAMPTZ(3) NOT NULL,
    "fired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "task_id" UUID,

    CONSTRAINT "schedule_runs_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "schedules_cluster_id_name_key" ON "schedules"("cluster_id", "name");

-- One row per planned time: whichever server records it first fires it, never twice.
CREATE UNIQUE INDEX "schedule_runs_schedule_id_planned_at_key" ON "schedule_runs"("schedule_id", "planned_at");

CREATE INDEX "schedule_runs_task_id_idx" ON "schedule_runs"("task_id");

ALTER TABLE "schedules" ADD CONSTRAINT "schedules_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

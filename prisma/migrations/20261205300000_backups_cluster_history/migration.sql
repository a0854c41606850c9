-- CreateEnum
CREATE TYPE "BackupStatus" AS ENUM ('RUNNING', 'VERIFIED', 'FAILED');

-- CreateTable
CREATE TABLE "backups" (
    "id" UUID NOT NULL,
    "status" "BackupStatus" NOT NULL DEFAULT 'RUNNING',
    "trigger" TEXT NOT NULL,
    "file" TEXT,
    "size_bytes" BIGINT,
    "phase" TEXT NOT NULL DEFAULT 'queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "manifest" JSONB,
    "error" TEXT,
    "created_by" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "backups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cluster_revisions" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cluster_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "backups_started_at_idx" ON "backups"("started_at");

-- CreateIndex
CREATE UNIQUE INDEX "cluster_revisions_cluster_id_revision_key" ON "cluster_revisions"("cluster_id", "revision");

-- Every change to a cluster's desired state is on record, whoever writes it: the trigger numbers
-- the versions per cluster and takes who and why from the transaction's settings
-- (myzel.actor, myzel.reason; services/change-attribution.ts), or "system" when none were set.
CREATE FUNCTION "record_cluster_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One writer at a time per cluster, so revision numbers never clash.
  PERFORM pg_advisory_xact_lock(hashtext('cluster_revisions:' || NEW.id::text));
  INSERT INTO "cluster_revisions" ("id", "cluster_id", "revision", "state", "actor", "reason")
  VALUES (
    gen_random_uuid(),
    NEW.id,
    COALESCE((SELECT max("revision") FROM "cluster_revisions" WHERE "cluster_id" = NEW.id), 0) + 1,
    jsonb_build_object(
      'name', NEW.name,
      'description', NEW.description,
      'status', NEW.status,
      'blueprintRowId', NEW.blueprint_version_id,
      'minWorkers', NEW.min_workers,
      'maxWorkers', NEW.max_workers,
      'targetWorkers', NEW.target_workers,
      'roleTargets', NEW.role_targets,
      'routingStrategy', NEW.routing_strategy,
      'config', NEW.config,
      'version', NEW.version,
      'deleted', NEW.deleted_at IS NOT NULL
    ),
    COALESCE(NULLIF(current_setting('myzel.actor', true), ''), 'system'),
    COALESCE(NULLIF(current_setting('myzel.reason', true), ''),
      CASE WHEN TG_OP = 'INSERT' THEN 'created' ELSE 'changed' END)
  );
  RETURN NULL;
END $$;

CREATE TRIGGER "clusters_record_revision_insert" AFTER INSERT ON "clusters"
  FOR EACH ROW EXECUTE FUNCTION "record_cluster_revision"();

CREATE TRIGGER "clusters_record_revision_update" AFTER UPDATE ON "clusters"
  FOR EACH ROW WHEN (
    OLD.version IS DISTINCT FROM NEW.version
    OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.name IS DISTINCT FROM NEW.name
    OR OLD.description IS DISTINCT FROM NEW.description
    OR OLD.blueprint_version_id IS DISTINCT FROM NEW.blueprint_version_id
    OR OLD.min_workers IS DISTINCT FROM NEW.min_workers
    OR OLD.max_workers IS DISTINCT FROM NEW.max_workers
    OR OLD.target_workers IS DISTINCT FROM NEW.target_workers
    OR OLD.role_targets IS DISTINCT FROM NEW.role_targets
    OR OLD.routing_strategy IS DISTINCT FROM NEW.routing_strategy
    OR OLD.config IS DISTINCT FROM NEW.config
    OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
  ) EXECUTE FUNCTION "record_cluster_revision"();

-- Clusters that exist before this migration get their present state as revision 1.
INSERT INTO "cluster_revisions" ("id", "cluster_id", "revision", "state", "actor", "reason")
SELECT gen_random_uuid(), c.id, 1, jsonb_build_object(
      'name', c.name, 'description', c.description, 'status', c.status,
      'blueprintRowId', c.blueprint_version_id, 'minWorkers', c.min_workers, 'maxWorkers', c.max_workers,
      'targetWorkers', c.target_workers, 'roleTargets', c.role_targets, 'routingStrategy', c.routing_strategy,
      'config', c.config, 'version', c.version, 'deleted', c.deleted_at IS NOT NULL),
  'system', 'on record since this version of Myzel'
FROM "clusters" c;

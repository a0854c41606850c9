-- A key names a place in a cluster's plan (role-n). Retired agents keep their rows for history,
-- so a key is unique only among a cluster's live agents: scaling down and up again reuses it.
DROP INDEX "cluster_agents_cluster_id_agent_key_key";
CREATE INDEX "cluster_agents_cluster_id_agent_key_idx" ON "cluster_agents"("cluster_id", "agent_key");
CREATE UNIQUE INDEX "cluster_agents_live_agent_key_key" ON "cluster_agents"("cluster_id", "agent_key") WHERE "removed_at" IS NULL;

-- Desired planned agents per role ({ "analyst": 2, … }); target_workers stays their sum.
ALTER TABLE "clusters" ADD COLUMN "role_targets" JSONB NOT NULL DEFAULT '{}';
UPDATE "clusters" AS c SET "role_targets" = counts.roles
FROM (
    SELECT "cluster_id", jsonb_object_agg("role", n) AS roles
    FROM (
        SELECT "cluster_id", "role", count(*) AS n
        FROM "cluster_agents"
        WHERE "removed_at" IS NULL AND NOT "added_manually"
        GROUP BY "cluster_id", "role"
    ) AS per_role
    GROUP BY "cluster_id"
) AS counts
WHERE counts."cluster_id" = c."id";

-- The running agents are counted from their records when asked; a stored copy went stale
-- (a hibernated cluster reported its planned size while nothing ran).
ALTER TABLE "clusters" DROP COLUMN "current_workers";

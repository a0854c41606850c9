-- An archived version takes no new clusters; a deleted one is hidden everywhere but stays
-- on record while deleted clusters still point at it.
ALTER TABLE "cluster_blueprints" ADD COLUMN "archived_at" TIMESTAMPTZ(3);
ALTER TABLE "cluster_blueprints" ADD COLUMN "deleted_at" TIMESTAMPTZ(3);

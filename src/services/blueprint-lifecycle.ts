/**
 * Archiving and deleting blueprints, per version or every version at once. Archived versions
 * start no new clusters and leave running ones alone; a version is deleted only while no
 * cluster that is not deleted uses it. A deleted version stays on record (deleted clusters
 * point at it) but is gone from every answer; deleting it again is told the same.
 */
import { newestFirst } from "../domain/blueprint/compare-versions";
import type { ClusterBlueprint } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";
import { AppError, notFound } from "./app-error";
import type { Tx } from "./cluster-lifecycle";

type Target = { id: string; version?: string };

/**
 * The rows a request names, locked until the transaction ends: a cluster created at the same
 * moment waits for the change or sees it (createCluster takes the same lock, shared).
 */
async function lockVersions(tx: Tx, target: Target, withDeleted: boolean): Promise<ClusterBlueprint[]> {
  const all = await tx.clusterBlueprint.findMany({ where: { blueprintId: target.id } });
  const known = withDeleted ? all : all.filter((row) => !row.deletedAt);
  if (!known.length) throw notFound("blueprint", target.id);
  const rows = target.version === undefined ? known : known.filter((row) => row.version === target.version);
  if (!rows.length) {
    const stored = newestFirst(known.map((row) => row.version)).join(", ");
    throw new AppError("NOT_FOUND", `blueprint ${target.id} has no version ${target.version} (stored: ${stored})`);
  }
  const ids = rows.map((row) => row.id);
  await tx.$queryRaw`SELECT id FROM cluster_blueprints WHERE id = ANY(${ids}::uuid[]) FOR UPDATE`;
  return tx.clusterBlueprint.findMany({ where: { id: { in: ids } } });
}

/** Takes the shared lock on a version a new cluster is about to use; refuses it if it was archived or deleted meanwhile. */
export async function holdVersionForNewCluster(tx: Tx, row: ClusterBlueprint): Promise<void> {
  const open = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM cluster_blueprints
    WHERE id = ${row.id}::uuid AND archived_at IS NULL AND deleted_at IS NULL
    FOR SHARE`;
  if (!open.length)
    throw new AppError(
      "CONFLICT",
      `blueprint ${row.blueprintId} version ${row.version} was archived or deleted just now: it starts no new clusters`,
      [{ path: "/blueprintVersion", message: "archived or deleted" }],
    );
}

function describeVersions(id: string, rows: ClusterBlueprint[]) {
  return {
    id,
    versions: newestFirst(rows.map((row) => row.version)).map((version) => {
      const row = rows.find((r) => r.version === version)!;
      return {
        version,
        archivedAt: row.archivedAt?.toISOString() ?? null,
        deletedAt: row.deletedAt?.toISOString() ?? null,
      };
    }),
  };
}

/** Archives (or with `archived: false` unarchives) one version or every version; repeating it changes nothing. */
export async function setBlueprintArchived(db: Database, target: Target, archived: boolean) {
  return db.$transaction(async (tx) => {
    const rows = await lockVersions(tx, target, false);
    const change = rows.filter((row) => (row.archivedAt !== null) !== archived).map((row) => row.id);
    if (change.length)
      await tx.clusterBlueprint.updateMany({
        where: { id: { in: change } },
        data: { archivedAt: archived ? new Date() : null },
      });
    return describeVersions(
      target.id,
      await tx.clusterBlueprint.findMany({ where: { id: { in: rows.map((r) => r.id) } } }),
    );
  });
}

/**
 * Deletes one version or every version, refused (409) while a cluster that is not deleted uses
 * any of them, naming those clusters. Already deleted: the same answer again.
 */
export async function deleteBlueprint(db: Database, target: Target) {
  return db.$transaction(async (tx) => {
    const rows = await lockVersions(tx, target, true);
    const users = await tx.cluster.findMany({
      where: { blueprintRowId: { in: rows.map((row) => row.id) }, deletedAt: null },
      select: { id: true, name: true, blueprint: { select: { version: true } } },
      orderBy: { name: "asc" },
    });
    if (users.length) {
      const named = users.map((c) => `${c.name} (${c.blueprint.version})`).join(", ");
      throw new AppError(
        "CONFLICT",
        `blueprint ${target.id}${target.version ? ` version ${target.version}` : ""} is used by ${users.length} cluster${users.length > 1 ? "s" : ""}: ${named}; delete ${users.length > 1 ? "them" : "it"} first, or archive the blueprint to stop new clusters`,
        users.map((c) => ({ path: "", message: `${c.name} (${c.id}) uses version ${c.blueprint.version}` })),
      );
    }
    const open = rows.filter((row) => !row.deletedAt).map((row) => row.id);
    if (open.length)
      await tx.clusterBlueprint.updateMany({ where: { id: { in: open } }, data: { deletedAt: new Date() } });
    return describeVersions(
      target.id,
      await tx.clusterBlueprint.findMany({ where: { id: { in: rows.map((r) => r.id) } } }),
    );
  });
}

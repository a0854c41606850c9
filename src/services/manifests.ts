/**
 * Manifests of blueprints and clusters: the stored blueprint (its YAML as uploaded) and, for a
 * cluster, what it is doing now and its figures of the last day, rendered by
 * domain/manifest/render-manifest.ts. Uploading a manifest is an upload (services/blueprints.ts).
 */
import type { CoreDeps } from "../core/deps";
import { type ClusterFacts, type RecentFigures, renderManifest } from "../domain/manifest/render-manifest";
import type { ManifestDto } from "../schemas/manifest-api";
import { blueprintOf, findBlueprintRow } from "./blueprints";
import { toClusterDto } from "./cluster-dto";
import { findCluster } from "./clusters";

/** Recent figures cover this many hours. */
export const MANIFEST_FIGURE_HOURS = 24;

type Deps = Pick<CoreDeps, "db">;

export async function blueprintManifest(deps: Deps, id: string, version?: string): Promise<ManifestDto> {
  const row = await findBlueprintRow(deps.db, id, version);
  const markdown = renderManifest({
    blueprint: blueprintOf(row),
    source: row.source,
    generatedAt: new Date().toISOString(),
  });
  return download(`${row.blueprintId}-${row.version}`, markdown);
}

export async function clusterManifest(deps: Deps, id: string): Promise<ManifestDto> {
  const row = await findCluster(deps.db, id);
  const dto = toClusterDto(row);
  const now = new Date();
  const since = new Date(now.getTime() - MANIFEST_FIGURE_HOURS * 3_600_000);
  const [running, nodes, figures] = await Promise.all([
    deps.db.clusterAgent.groupBy({
      by: ["role"],
      where: { clusterId: id, removedAt: null, status: { in: ["IDLE", "BUSY"] } },
      _count: { _all: true },
    }),
    deps.db.clusterAgent.findMany({
      where: { clusterId: id, removedAt: null, nodeId: { not: null } },
      distinct: ["nodeId"],
      select: { nodeId: true },
    }),
    recentFigures(deps, id, since),
  ]);
  const cluster: ClusterFacts = {
    id: dto.id,
    name: dto.name,
    description: dto.description,
    status: dto.status,
    currentWorkers: dto.currentWorkers,
    targetWorkers: dto.targetWorkers,
    roleTargets: dto.roleTargets,
    createdAt: dto.createdAt,
    statusChangedAt: dto.statusChangedAt,
    runningByRole: Object.fromEntries(running.map((group) => [group.role, group._count._all])),
    nodes: nodes.length,
    figures,
  };
  const markdown = renderManifest({
    blueprint: blueprintOf(row.blueprint),
    source: row.blueprint.source,
    generatedAt: now.toISOString(),
    cluster,
  });
  return download(`${slugOf(dto.name)}-manifest`, markdown);
}

async function recentFigures(deps: Deps, clusterId: string, since: Date): Promise<RecentFigures> {
  const [tasks, open, deadLetters, healing] = await Promise.all([
    deps.db.task.groupBy({
      by: ["status"],
      where: { clusterId, status: { in: ["SUCCEEDED", "FAILED"] }, finishedAt: { gte: since } },
      _count: { _all: true },
    }),
    deps.db.task.count({
      where: { clusterId, status: { in: ["AWAITING_APPROVAL", "PENDING", "QUEUED", "RUNNING"] } },
    }),
    deps.db.deadLetter.count({ where: { clusterId, createdAt: { gte: since } } }),
    deps.db.healingEvent.groupBy({
      by: ["kind"],
      where: { clusterId, at: { gte: since } },
      _count: { _all: true },
    }),
  ]);
  const finished = (status: string) => tasks.find((group) => group.status === status)?._count._all ?? 0;
  return {
    hours: MANIFEST_FIGURE_HOURS,
    succeeded: finished("SUCCEEDED"),
    failed: finished("FAILED"),
    open,
    deadLetters,
    healing: healing
      .map((group) => ({ kind: group.kind, count: group._count._all }))
      .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
  };
}

function download(name: string, markdown: string): ManifestDto {
  return { filename: `${name}.md`, contentType: "text/markdown; charset=utf-8", markdown };
}

/** A file name from a cluster's name: letters, digits and dashes. */
function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "cluster";
}

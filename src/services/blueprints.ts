/**
 * Blueprints: upload (validated, versioned, idempotent), list, detail, and loading the
 * blueprints folder at start-up. Nothing is stored unless the whole blueprint is valid.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { newestFirst } from "../domain/blueprint/compare-versions";
import { parseBlueprint } from "../domain/blueprint/parse-blueprint";
import { defaultTargetWorkers, workerBounds } from "../domain/blueprint/plan-agents";
import type { ClusterBlueprint } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";
import type { Logger } from "../infra/logger";
import type { Blueprint } from "../schemas/blueprint";
import { AppError, type Issue, notFound } from "./app-error";

export type BlueprintOrigin = "api" | "file";

export function checkBlueprintSource(
  source: string,
): { ok: true; blueprint: Blueprint } | { ok: false; issues: Issue[] } {
  const result = parseBlueprint(source);
  if (result.ok) return result;
  return {
    ok: false,
    issues: result.issues.map((issue) => ({
      path: issue.pathText,
      message: issue.message,
      line: issue.line,
      column: issue.column,
    })),
  };
}

function describeIssues(issues: Issue[]): string {
  const first = issues[0]!;
  const where = first.line ? ` (line ${first.line}${first.column ? `, column ${first.column}` : ""})` : "";
  const more = issues.length > 1 ? ` and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""}` : "";
  return `invalid blueprint: ${first.path ? `${first.path}: ` : ""}${first.message}${where}${more}`;
}

export async function uploadBlueprint(db: Database, source: string, origin: BlueprintOrigin) {
  const checked = checkBlueprintSource(source);
  if (!checked.ok) throw new AppError("UNPROCESSABLE_CONTENT", describeIssues(checked.issues), checked.issues);
  const { metadata } = checked.blueprint;
  const checksum = createHash("sha256").update(source).digest("hex");
  const existing = await db.clusterBlueprint.findUnique({
    where: { blueprintId_version: { blueprintId: metadata.id, version: metadata.version } },
  });
  if (existing) {
    if (existing.checksum !== checksum) {
      throw new AppError(
        "CONFLICT",
        `blueprint ${metadata.id} version ${metadata.version} already exists with different content; raise metadata.version to publish a change`,
        [{ path: "metadata.version", message: `version ${metadata.version} is taken` }],
      );
    }
    return { created: false, blueprint: await toDetail(db, existing) };
  }
  const row = await db.clusterBlueprint.create({
    data: {
      blueprintId: metadata.id,
      version: metadata.version,
      name: metadata.name,
      description: metadata.description ?? null,
      source,
      definition: checked.blueprint as object,
      checksum,
      origin,
    },
  });
  return { created: true, blueprint: await toDetail(db, row) };
}

export async function listBlueprints(db: Database) {
  const rows = await db.clusterBlueprint.findMany({ orderBy: { createdAt: "asc" } });
  const byId = new Map<string, ClusterBlueprint[]>();
  for (const row of rows) byId.set(row.blueprintId, [...(byId.get(row.blueprintId) ?? []), row]);
  return [...byId.values()]
    .map((versions) => {
      const newest = newestFirst(versions.map((v) => v.version))[0];
      return toSummary(versions.find((v) => v.version === newest)!, versions);
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getBlueprint(db: Database, id: string, version?: string) {
  return toDetail(db, await findBlueprintRow(db, id, version));
}

/** The stored row of a blueprint version; the newest version when none is named. */
export async function findBlueprintRow(db: Database, id: string, version?: string): Promise<ClusterBlueprint> {
  const versions = await db.clusterBlueprint.findMany({ where: { blueprintId: id } });
  if (!versions.length) throw notFound("blueprint", id);
  const wanted = version ?? newestFirst(versions.map((v) => v.version))[0];
  const row = versions.find((v) => v.version === wanted);
  if (!row)
    throw new AppError(
      "NOT_FOUND",
      `blueprint ${id} has no version ${version} (stored: ${newestFirst(versions.map((v) => v.version)).join(", ")})`,
    );
  return row;
}

export function blueprintOf(row: ClusterBlueprint): Blueprint {
  return row.definition as unknown as Blueprint;
}

function toSummary(row: ClusterBlueprint, versions: ClusterBlueprint[]) {
  const bp = blueprintOf(row);
  return {
    id: row.blueprintId,
    version: row.version,
    name: row.name,
    description: row.description,
    clusterType: bp.cluster.type,
    roles: bp.agents.length,
    minWorkers: bp.cluster.min_workers,
    maxWorkers: bp.cluster.max_workers,
    versions: newestFirst(versions.map((v) => v.version)),
    createdAt: row.createdAt.toISOString(),
    origin: row.origin,
  };
}

async function toDetail(db: Database, row: ClusterBlueprint) {
  const versions = await db.clusterBlueprint.findMany({ where: { blueprintId: row.blueprintId } });
  const bp = blueprintOf(row);
  return {
    ...toSummary(row, versions),
    rowId: row.id,
    source: row.source,
    definition: bp as unknown as Record<string, unknown>,
    defaultTargetWorkers: defaultTargetWorkers(bp),
    workerBounds: workerBounds(bp),
  };
}

/**
 * Stores every *.yaml / *.yml file of the blueprints folder. A bad file is reported in the
 * log and skipped; it never stops the server.
 */
export async function loadBlueprintDirectory(db: Database, dir: string, log: Logger) {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort();
  } catch {
    log.warn({ dir }, "blueprints folder not found; no blueprints loaded from files");
    return { loaded: 0, failed: 0 };
  }
  let loaded = 0;
  let failed = 0;
  for (const file of files) {
    try {
      const { created, blueprint } = await uploadBlueprint(db, readFileSync(path.join(dir, file), "utf8"), "file");
      loaded++;
      if (created) log.info({ file, id: blueprint.id, version: blueprint.version }, "blueprint stored");
    } catch (error) {
      failed++;
      const issues = error instanceof AppError ? error.issues : [];
      log.error(
        { file, issues, err: error instanceof AppError ? undefined : error },
        `blueprint file ${file} was not loaded: ${(error as Error).message}`,
      );
    }
  }
  return { loaded, failed };
}

/**
 * Blueprints: upload (validated, versioned, idempotent), list, detail, and loading the
 * blueprints folder at start-up. Nothing is stored unless the whole blueprint is valid.
 * Archiving and deleting are in blueprint-lifecycle.ts; a deleted version is invisible here.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { newestFirst } from "../domain/blueprint/compare-versions";
import { type BlueprintIssue, parseBlueprint } from "../domain/blueprint/parse-blueprint";
import { defaultTargetWorkers, workerBounds } from "../domain/blueprint/plan-agents";
import { chooseVersion, listed, type VersionChoice } from "../domain/blueprint/version-choice";
import { jsonPointer } from "../domain/input/json-pointer";
import { parseManifest } from "../domain/manifest/parse-manifest";
import type { ClusterBlueprint } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";
import type { Logger } from "../infra/logger";
import type { Blueprint } from "../schemas/blueprint";
import { AppError, type Issue, notFound } from "./app-error";

export type BlueprintOrigin = "api" | "file";

/** How a blueprint is sent: its YAML, or a manifest whose front matter is the YAML (blueprintSourceInput: one of them). */
export type BlueprintSource = { yaml?: string; manifest?: string };

/** The blueprint and the YAML to store for it (a manifest's front matter), or every issue at its line. */
export function checkBlueprintSource(
  input: BlueprintSource,
): { ok: true; blueprint: Blueprint; source: string } | { ok: false; issues: Issue[] } {
  if (input.manifest !== undefined) {
    const result = parseManifest(input.manifest);
    return result.ok ? result : { ok: false, issues: apiIssues(result.issues) };
  }
  const yaml = input.yaml ?? "";
  const result = parseBlueprint(yaml);
  if (result.ok) return { ...result, source: yaml };
  return { ok: false, issues: apiIssues(result.issues) };
}

function apiIssues(issues: BlueprintIssue[]): Issue[] {
  return issues.map((issue) => ({
    path: jsonPointer(issue.path),
    message: issue.message,
    line: issue.line,
    column: issue.column,
  }));
}

function describeIssues(issues: Issue[]): string {
  const first = issues[0]!;
  const where = first.line ? ` (line ${first.line}${first.column ? `, column ${first.column}` : ""})` : "";
  const more = issues.length > 1 ? ` and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""}` : "";
  return `invalid blueprint: ${first.path ? `${first.path}: ` : ""}${first.message}${where}${more}`;
}

export async function uploadBlueprint(db: Database, input: BlueprintSource, origin: BlueprintOrigin) {
  const checked = checkBlueprintSource(input);
  if (!checked.ok) throw new AppError("UNPROCESSABLE_CONTENT", describeIssues(checked.issues), checked.issues);
  const { source } = checked;
  const { metadata } = checked.blueprint;
  const checksum = createHash("sha256").update(source).digest("hex");
  const existing = await db.clusterBlueprint.findUnique({
    where: { blueprintId_version: { blueprintId: metadata.id, version: metadata.version } },
  });
  if (existing?.deletedAt) {
    // Deleted by a user: the blueprints folder does not bring it back at the next start.
    if (origin === "file") return { created: false, blueprint: await toDetail(db, existing) };
    const revived = await revive(db, existing, checked.blueprint, source, checksum);
    return { created: true, blueprint: await toDetail(db, revived) };
  }
  if (existing) {
    if (existing.checksum !== checksum) {
      throw new AppError(
        "CONFLICT",
        `blueprint ${metadata.id} version ${metadata.version} already exists with different content; raise metadata.version to publish a change`,
        [{ path: "/metadata/version", message: `version ${metadata.version} is taken` }],
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

/**
 * A deleted version uploaded again comes back as new. Deleted clusters may still point at the
 * row, so it is reused; with other content under the same version their record would change.
 */
async function revive(db: Database, row: ClusterBlueprint, blueprint: Blueprint, source: string, checksum: string) {
  if (row.checksum !== checksum && (await db.cluster.count({ where: { blueprintRowId: row.id } })) > 0) {
    throw new AppError(
      "CONFLICT",
      `blueprint ${row.blueprintId} version ${row.version} was deleted and deleted clusters still record it with other content; raise metadata.version to publish a change`,
      [{ path: "/metadata/version", message: `version ${row.version} is taken` }],
    );
  }
  return db.clusterBlueprint.update({
    where: { id: row.id },
    data: {
      name: blueprint.metadata.name,
      description: blueprint.metadata.description ?? null,
      source,
      definition: blueprint as object,
      checksum,
      origin: "api",
      createdAt: new Date(),
      archivedAt: null,
      deletedAt: null,
    },
  });
}

/** Every blueprint with a version not archived (all with `includeArchived`), by name. */
export async function listBlueprints(db: Database, input: { includeArchived?: boolean } = {}) {
  const rows = await db.clusterBlueprint.findMany({ where: { deletedAt: null }, orderBy: { createdAt: "asc" } });
  const byId = new Map<string, ClusterBlueprint[]>();
  for (const row of rows) byId.set(row.blueprintId, [...(byId.get(row.blueprintId) ?? []), row]);
  return [...byId.values()]
    .filter((versions) => listed(versions.map(stateOf), input.includeArchived ?? false))
    .map((versions) => toSummary(pickRow(versions, undefined, "read"), versions))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getBlueprint(db: Database, id: string, version?: string) {
  return toDetail(db, await findBlueprintRow(db, id, version));
}

/**
 * The stored row of a blueprint version: the one named, else the newest not archived. For a
 * new cluster an archived version is refused (409) naming it.
 */
export async function findBlueprintRow(
  db: Database,
  id: string,
  version?: string,
  purpose: "read" | "new-cluster" = "read",
): Promise<ClusterBlueprint> {
  const versions = await db.clusterBlueprint.findMany({ where: { blueprintId: id, deletedAt: null } });
  if (!versions.length) throw notFound("blueprint", id);
  return pickRow(versions, version, purpose);
}

const stateOf = (row: ClusterBlueprint) => ({ version: row.version, archived: row.archivedAt !== null });

function pickRow(versions: ClusterBlueprint[], version: string | undefined, purpose: "read" | "new-cluster") {
  const choice = chooseVersion(versions.map(stateOf), version, purpose);
  if (!choice.ok) throw refusal(versions, choice);
  return versions.find((v) => v.version === choice.version)!;
}

function refusal(versions: ClusterBlueprint[], choice: Extract<VersionChoice, { ok: false }>): AppError {
  const id = versions[0]?.blueprintId ?? "?";
  const stored = newestFirst(versions.map((v) => v.version)).join(", ");
  switch (choice.reason) {
    case "archived":
      return new AppError(
        "CONFLICT",
        `blueprint ${id} version ${choice.version} is archived: it starts no new clusters (unarchive it, or pick another version)`,
        [{ path: "/blueprintVersion", message: "archived" }],
      );
    case "all-archived":
      return new AppError(
        "CONFLICT",
        `every version of blueprint ${id} is archived (${stored}): it starts no new clusters until one is unarchived`,
        [{ path: "/blueprintId", message: "archived" }],
      );
    case "no-such-version":
      return new AppError("NOT_FOUND", `blueprint ${id} has no version ${choice.version} (stored: ${stored})`);
    default:
      return notFound("blueprint", id);
  }
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
    archivedVersions: newestFirst(versions.filter((v) => v.archivedAt).map((v) => v.version)),
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    origin: row.origin,
  };
}

async function toDetail(db: Database, row: ClusterBlueprint) {
  const versions = await db.clusterBlueprint.findMany({ where: { blueprintId: row.blueprintId, deletedAt: null } });
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
      const { created, blueprint } = await uploadBlueprint(
        db,
        { yaml: readFileSync(path.join(dir, file), "utf8") },
        "file",
      );
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

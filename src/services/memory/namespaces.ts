/**
 * Memory namespaces: a cluster's (made when the cluster is created, from its roles' `memory`) or
 * global. Destroying a cluster archives its namespaces: readable and exportable, no longer
 * writable, purged after MEMORY_RETENTION_DAYS by the control plane's retention loop.
 */
import type { z } from "zod";
import type { CoreDeps } from "../../core/deps";
import { deleteExpiredValues } from "../../core/memory/value-store";
import { clusterNamespaces, type RoleMemorySpec } from "../../domain/memory/access";
import type { SearchLanguage } from "../../domain/memory/names";
import type { MemoryNamespace, Prisma } from "../../generated/prisma/client";
import type { Database } from "../../infra/database/client";
import type { Page } from "../../schemas/common";
import type { MemoryNamespaceDto, namespaceCreateInput, namespaceListInput } from "../../schemas/memory-api";
import { AppError, notFound } from "../app-error";
import { keysetPage } from "../keyset-page";

type Tx = Prisma.TransactionClient;
type Deps = Pick<CoreDeps, "db" | "events" | "settings">;

const withCounts = { _count: { select: { values: true, documents: true } } } as const;
type NamespaceWithCounts = MemoryNamespace & { _count: { values: number; documents: number } };

export async function listNamespaces(
  db: Database,
  input: z.infer<typeof namespaceListInput>,
): Promise<Page<MemoryNamespaceDto>> {
  const where: Prisma.MemoryNamespaceWhereInput = {
    ...(input.clusterId ? { clusterId: input.clusterId } : {}),
    ...(input.global === true ? { clusterId: null } : input.global === false ? { clusterId: { not: null } } : {}),
    ...(input.includeArchived ? {} : { archivedAt: null }),
  };
  return keysetPage(input, "createdAt", {
    fetch: (keyset) =>
      db.memoryNamespace.findMany({ ...keyset, where: { AND: [where, keyset.where] }, include: withCounts }),
    count: () => db.memoryNamespace.count({ where }),
    toDto,
  });
}

export async function getNamespace(db: Database, id: string): Promise<MemoryNamespaceDto> {
  const row = await db.memoryNamespace.findUnique({ where: { id }, include: withCounts });
  if (!row) throw notFound("memory namespace", id);
  return toDto(row);
}

export async function createNamespace(
  deps: Deps,
  input: z.infer<typeof namespaceCreateInput>,
  by: string,
): Promise<MemoryNamespaceDto> {
  if (input.clusterId) {
    const cluster = await deps.db.cluster.findUnique({ where: { id: input.clusterId }, select: { deletedAt: true } });
    if (!cluster || cluster.deletedAt)
      throw new AppError("NOT_FOUND", `no cluster "${input.clusterId}"`, [
        { path: "/clusterId", message: "no such cluster (or it is deleted)" },
      ]);
  }
  const scope = input.clusterId ?? "global";
  const existing = await deps.db.memoryNamespace.findUnique({ where: { scope_name: { scope, name: input.name } } });
  if (existing)
    throw new AppError("CONFLICT", `the namespace "${input.name}" exists already (${existing.id})`, [
      { path: "/name", message: "taken in this scope" },
    ]);
  const row = await deps.db.memoryNamespace.create({
    data: { scope, clusterId: input.clusterId ?? null, name: input.name, language: input.language },
    include: withCounts,
  });
  await announce(deps, row, "namespace", "put", null, by);
  return toDto(row);
}

export async function deleteNamespace(deps: Deps, id: string, by: string): Promise<MemoryNamespaceDto> {
  const row = await deps.db.memoryNamespace.findUnique({ where: { id }, include: withCounts });
  if (!row) throw notFound("memory namespace", id);
  await deps.db.memoryNamespace.delete({ where: { id } });
  await announce(deps, row, "namespace", "delete", null, by);
  return toDto(row);
}

/** A namespace for reading; 404 when there is none. */
export async function namespaceFor(db: Database, id: string): Promise<MemoryNamespace> {
  const row = await db.memoryNamespace.findUnique({ where: { id } });
  if (!row) throw notFound("memory namespace", id);
  return row;
}

/** A namespace for writing: archived ones (of destroyed clusters) are read-only. */
export async function writableNamespace(db: Database, id: string): Promise<MemoryNamespace> {
  const row = await namespaceFor(db, id);
  if (row.archivedAt) throw archivedNamespace(row);
  return row;
}

export function archivedNamespace(row: Pick<MemoryNamespace, "name" | "purgeAfter">) {
  return new AppError(
    "CONFLICT",
    `the namespace "${row.name}" is archived (its cluster was destroyed): it can be read and exported until ${row.purgeAfter?.toISOString() ?? "it is purged"}, not written`,
  );
}

/** Makes the namespaces a new cluster's roles use (inside the cluster's creation). */
export async function createClusterNamespaces(
  tx: Tx,
  clusterId: string,
  roles: ReadonlyArray<RoleMemorySpec | undefined | null>,
): Promise<void> {
  const names = clusterNamespaces(roles);
  await tx.memoryNamespace.createMany({
    data: names.map((name) => ({ scope: clusterId, clusterId, name })),
    skipDuplicates: true,
  });
}

/** The cluster is being destroyed: its memory is kept, read-only, for the retention period. */
export async function archiveClusterMemory(tx: Tx, clusterId: string, retentionDays: number, now = new Date()) {
  await tx.memoryNamespace.updateMany({
    where: { clusterId, archivedAt: null },
    data: { archivedAt: now, purgeAfter: new Date(now.getTime() + retentionDays * 86_400_000) },
  });
}

/** Deletes archived namespaces past their retention, and the rows of expired values. */
export async function purgeMemory(db: Database, now = new Date()): Promise<{ namespaces: number; values: number }> {
  const purged = await db.memoryNamespace.deleteMany({ where: { purgeAfter: { lte: now } } });
  const values = await deleteExpiredValues(db);
  return { namespaces: purged.count, values };
}

export async function announce(
  deps: Pick<CoreDeps, "events">,
  namespace: Pick<MemoryNamespace, "id" | "clusterId">,
  what: "namespace" | "value" | "document" | "import",
  change: "put" | "delete" | "archive",
  subject: string | null,
  by: string,
) {
  await deps.events.publish({
    type: "memory.changed",
    clusterId: namespace.clusterId,
    at: new Date().toISOString(),
    namespaceId: namespace.id,
    what,
    change,
    subject,
    by,
  });
}

function toDto(row: NamespaceWithCounts): MemoryNamespaceDto {
  return {
    id: row.id,
    name: row.name,
    clusterId: row.clusterId,
    language: row.language as SearchLanguage,
    values: row._count.values,
    documents: row._count.documents,
    createdAt: row.createdAt.toISOString(),
    archivedAt: row.archivedAt?.toISOString() ?? null,
    purgeAfter: row.purgeAfter?.toISOString() ?? null,
  };
}

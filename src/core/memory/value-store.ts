/**
 * Memory values in PostgreSQL: the only writer of `memory_values`. Compare-and-set is one
 * statement each, so concurrent writers never both win a version (the rules are those of
 * domain/memory/write-rules.ts; the row lock of the statement makes them atomic). An expired value
 * counts as absent: its version is 0 and the next write starts it again at 1. A write checks in
 * the same statement that its namespace exists and is not archived, and a read fetches the
 * namespace with the value: one round trip each, which is most of what a call costs.
 */
import { Prisma } from "../../generated/prisma/client";
import type { Database } from "../../infra/database/client";
import { jsonParam } from "../tasks/task-sql";

export interface ValueRow {
  key: string;
  value: unknown;
  version: number;
  expires_at: Date | null;
  updated_at: Date;
  updated_by: string;
}

export interface ValueWrite {
  namespaceId: string;
  key: string;
  value: unknown;
  expectedVersion?: number | undefined;
  ttlSeconds?: number | undefined;
  by: string;
}

/** What a value's answer and its `memory.changed` event need to know of its namespace. */
export interface NamespaceFacts {
  id: string;
  name: string;
  clusterId: string | null;
  archivedAt: Date | null;
  purgeAfter: Date | null;
}

export type WriteOutcome =
  | { ok: true; row: ValueRow; namespace: NamespaceFacts }
  | { ok: false; namespace: null }
  | { ok: false; namespace: NamespaceFacts; archived: true }
  | { ok: false; namespace: NamespaceFacts; archived: false; currentVersion: number };

const LIVE = Prisma.sql`(v.expires_at IS NULL OR v.expires_at > now())`;
const COLUMNS = Prisma.sql`key, value, version, expires_at, updated_at, updated_by`;
const NAMESPACE_COLUMNS = Prisma.sql`ns.id::text AS ns_id, ns.name AS ns_name, ns.cluster_id::text AS ns_cluster_id,
  ns.archived_at AS ns_archived_at, ns.purge_after AS ns_purge_after`;

interface NamespaceColumns {
  ns_id: string;
  ns_name: string;
  ns_cluster_id: string | null;
  ns_archived_at: Date | null;
  ns_purge_after: Date | null;
}
type JoinedRow = NamespaceColumns & { [K in keyof ValueRow]: ValueRow[K] | null };

const namespaceOf = (row: NamespaceColumns): NamespaceFacts => ({
  id: row.ns_id,
  name: row.ns_name,
  clusterId: row.ns_cluster_id,
  archivedAt: row.ns_archived_at,
  purgeAfter: row.ns_purge_after,
});

/** The value columns of a joined row; null when the join found no value. */
function storedValue(row: JoinedRow): ValueRow | null {
  if (row.key === null || row.version === null || row.updated_at === null || row.updated_by === null) return null;
  return {
    key: row.key,
    value: row.value,
    version: row.version,
    expires_at: row.expires_at,
    updated_at: row.updated_at,
    updated_by: row.updated_by,
  };
}

export async function readValue(db: Database, namespaceId: string, key: string): Promise<ValueRow | null> {
  const rows = await db.$queryRaw<ValueRow[]>`
    SELECT ${COLUMNS} FROM memory_values v
    WHERE v.namespace_id = ${namespaceId}::uuid AND v.key = ${key} AND ${LIVE}`;
  return rows[0] ?? null;
}

/** The namespace (null: there is none) and its live value under `key` (null: none), in one query. */
export async function readValueIn(
  db: Database,
  namespaceId: string,
  key: string,
): Promise<{ namespace: NamespaceFacts | null; value: ValueRow | null }> {
  const [row] = await db.$queryRaw<JoinedRow[]>`
    SELECT ${NAMESPACE_COLUMNS}, v.key, v.value, v.version, v.expires_at, v.updated_at, v.updated_by
    FROM memory_namespaces ns
      LEFT JOIN memory_values v ON v.namespace_id = ns.id AND v.key = ${key} AND ${LIVE}
    WHERE ns.id = ${namespaceId}::uuid`;
  return row ? { namespace: namespaceOf(row), value: storedValue(row) } : { namespace: null, value: null };
}

export async function writeValue(db: Database, write: ValueWrite): Promise<WriteOutcome> {
  const expires =
    write.ttlSeconds === undefined
      ? Prisma.sql`NULL::timestamptz`
      : Prisma.sql`now() + make_interval(secs => ${write.ttlSeconds})`;
  const value = Prisma.sql`${jsonParam(write.value)}::jsonb`;
  const expected = write.expectedVersion;
  const written =
    expected !== undefined && expected > 0
      ? // Only an update of the live version named can succeed.
        Prisma.sql`UPDATE memory_values v SET value = ${value}, version = v.version + 1, expires_at = ${expires},
            updated_at = now(), updated_by = ${write.by}
          FROM ns WHERE v.namespace_id = ns.id AND ns.archived_at IS NULL AND v.key = ${write.key} AND ${LIVE}
            AND v.version = ${expected}
          RETURNING ${COLUMNS}`
      : // No version, or 0 ("only if absent"): an insert, or an update of what is there (0: only if expired).
        Prisma.sql`INSERT INTO memory_values AS v (namespace_id, key, value, version, expires_at, updated_at, updated_by)
          SELECT ns.id, ${write.key}, ${value}, 1, ${expires}, now(), ${write.by} FROM ns WHERE ns.archived_at IS NULL
          ON CONFLICT (namespace_id, key) DO UPDATE SET value = EXCLUDED.value,
            version = CASE WHEN ${LIVE} THEN v.version + 1 ELSE 1 END,
            expires_at = EXCLUDED.expires_at, updated_at = now(), updated_by = EXCLUDED.updated_by
          WHERE ${expected === undefined ? Prisma.sql`true` : Prisma.sql`NOT ${LIVE}`}
          RETURNING ${COLUMNS}`;
  const [row] = await db.$queryRaw<JoinedRow[]>`
    WITH ns AS (SELECT * FROM memory_namespaces WHERE id = ${write.namespaceId}::uuid),
      written AS (${written})
    SELECT ${NAMESPACE_COLUMNS}, w.* FROM ns LEFT JOIN written w ON true`;
  if (!row) return { ok: false, namespace: null };
  const namespace = namespaceOf(row);
  const stored = storedValue(row);
  if (stored) return { ok: true, row: stored, namespace };
  if (namespace.archivedAt) return { ok: false, namespace, archived: true };
  return {
    ok: false,
    namespace,
    archived: false,
    currentVersion: (await readValue(db, write.namespaceId, write.key))?.version ?? 0,
  };
}

export async function removeValue(
  db: Database,
  namespaceId: string,
  key: string,
  expectedVersion: number | undefined,
): Promise<{ ok: true; existed: boolean } | { ok: false; currentVersion: number }> {
  const condition =
    expectedVersion === undefined ? Prisma.sql`true` : Prisma.sql`${LIVE} AND v.version = ${expectedVersion}`;
  const rows = await db.$queryRaw<Array<{ live: boolean }>>`
    DELETE FROM memory_values v WHERE v.namespace_id = ${namespaceId}::uuid AND v.key = ${key} AND ${condition}
    RETURNING ${LIVE} AS live`;
  if (rows[0]) return { ok: true, existed: rows[0].live };
  if (expectedVersion === undefined) return { ok: true, existed: false };
  const current = (await readValue(db, namespaceId, key))?.version ?? 0;
  // Deleting what is already absent, expecting absence (0), is no conflict.
  return current === expectedVersion ? { ok: true, existed: false } : { ok: false, currentVersion: current };
}

export async function listValues(
  db: Database,
  query: { namespaceId: string; prefix?: string | undefined; after?: string | undefined; limit: number },
): Promise<ValueRow[]> {
  const prefix = query.prefix ? Prisma.sql`AND starts_with(v.key, ${query.prefix})` : Prisma.empty;
  const after = query.after ? Prisma.sql`AND v.key > ${query.after}` : Prisma.empty;
  return db.$queryRaw<ValueRow[]>`
    SELECT ${COLUMNS} FROM memory_values v
    WHERE v.namespace_id = ${query.namespaceId}::uuid AND ${LIVE} ${prefix} ${after}
    ORDER BY v.key LIMIT ${query.limit}`;
}

/** Expired values are invisible at once; this deletes their rows (the retention loop calls it). */
export async function deleteExpiredValues(db: Database): Promise<number> {
  return db.$executeRaw`DELETE FROM memory_values WHERE expires_at <= now()`;
}

/**
 * Memory values in PostgreSQL: the only writer of `memory_values`. Compare-and-set is one
 * statement each, so concurrent writers never both win a version (the rules are those of
 * domain/memory/write-rules.ts; the row lock of the statement makes them atomic). An expired value
 * counts as absent: its version is 0 and the next write starts it again at 1.
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

export type WriteOutcome = { ok: true; row: ValueRow } | { ok: false; currentVersion: number };

const LIVE = Prisma.sql`(v.expires_at IS NULL OR v.expires_at > now())`;
const COLUMNS = Prisma.sql`key, value, version, expires_at, updated_at, updated_by`;

export async function readValue(db: Database, namespaceId: string, key: string): Promise<ValueRow | null> {
  const rows = await db.$queryRaw<ValueRow[]>`
    SELECT ${COLUMNS} FROM memory_values v
    WHERE v.namespace_id = ${namespaceId}::uuid AND v.key = ${key} AND ${LIVE}`;
  return rows[0] ?? null;
}

export async function writeValue(db: Database, write: ValueWrite): Promise<WriteOutcome> {
  const expires =
    write.ttlSeconds === undefined
      ? Prisma.sql`NULL::timestamptz`
      : Prisma.sql`now() + make_interval(secs => ${write.ttlSeconds})`;
  const value = Prisma.sql`${jsonParam(write.value)}::jsonb`;
  const expected = write.expectedVersion;
  const rows =
    expected !== undefined && expected > 0
      ? // Only an update of the live version named can succeed.
        await db.$queryRaw<ValueRow[]>`
          UPDATE memory_values v SET value = ${value}, version = v.version + 1, expires_at = ${expires},
            updated_at = now(), updated_by = ${write.by}
          WHERE v.namespace_id = ${write.namespaceId}::uuid AND v.key = ${write.key} AND ${LIVE}
            AND v.version = ${expected}
          RETURNING ${COLUMNS}`
      : // No version, or 0 ("only if absent"): an insert, or an update of what is there (0: only if expired).
        await db.$queryRaw<ValueRow[]>`
          INSERT INTO memory_values AS v (namespace_id, key, value, version, expires_at, updated_at, updated_by)
          VALUES (${write.namespaceId}::uuid, ${write.key}, ${value}, 1, ${expires}, now(), ${write.by})
          ON CONFLICT (namespace_id, key) DO UPDATE SET value = EXCLUDED.value,
            version = CASE WHEN ${LIVE} THEN v.version + 1 ELSE 1 END,
            expires_at = EXCLUDED.expires_at, updated_at = now(), updated_by = EXCLUDED.updated_by
          WHERE ${expected === undefined ? Prisma.sql`true` : Prisma.sql`NOT ${LIVE}`}
          RETURNING ${COLUMNS}`;
  if (rows[0]) return { ok: true, row: rows[0] };
  return { ok: false, currentVersion: (await readValue(db, write.namespaceId, write.key))?.version ?? 0 };
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

/**
 * Restores a backup archive while no server runs on the target: into a fresh data folder (the
 * embedded PostgreSQL and Redis) or an empty external database. Refuses an archive that fails
 * its verification, comes from a newer schema, or a target that holds data already. Migrations
 * this version has and the backup lacks are applied after the restore. With `pointInTime`, the
 * embedded PostgreSQL is recovered from the backup's base backup plus the WAL archive up to
 * that time instead of from the dump. The next `npm start` on the folder brings the clusters
 * back in their recorded desired states and finds every task that was in flight.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { pitrTargetProblem, schemaVerdict } from "../domain/backup/backup-checks";
import { extractArchive } from "../infra/backup/archive-files";
import { preparePointInTimeCluster } from "../infra/backup/pitr-restore";
import { publicTables, restoreDump } from "../infra/backup/postgres-dump";
import { loadRdbIntoEmbeddedRedis } from "../infra/backup/redis-restore";
import { lockDataDir } from "../infra/data-dir";
import { migrate, readMigrations } from "../infra/database/migrate";
import { postgresServerOwner, startEmbeddedPostgres } from "../infra/embedded/postgres";
import { MIGRATIONS_DIR } from "../infra/infrastructure";
import type { Logger } from "../infra/logger";
import { type BackupManifest, MANIFEST_NAME } from "../schemas/backup-api";
import { verifyUnpacked } from "./backup-verify";

export class RestoreRefused extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}:\n${problems.map((p) => `  - ${p}`).join("\n")}` : message);
    this.name = "RestoreRefused";
  }
}

export interface RestoreOptions {
  archive: string;
  /** The data folder to restore into: it must hold no PostgreSQL cluster yet (embedded). */
  dataDir: string;
  /** An empty external database to restore into instead of the embedded one. */
  databaseUrl?: string;
  /** Where the backup's blueprints go (the server's MYZEL_BLUEPRINTS_DIR); left out: not copied. */
  blueprintsDir?: string;
  /** Recover the embedded PostgreSQL to this time from the backup's base backup and `walArchive`. */
  pointInTime?: { target: Date | "latest"; walArchive: string };
  binDir?: string;
  log: Logger;
}

export interface RestoreReport {
  backupId: string;
  backupCreatedAt: string;
  /** Migrations applied after the restore to bring the schema forward. */
  migrationsApplied: string[];
  redisKeys: number | null;
  blueprints: number;
  counts: Record<string, number>;
  pointInTime: string | null;
  ms: number;
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreReport> {
  const started = Date.now();
  const unpacked = await mkdtemp(path.join(os.tmpdir(), "myzel-restore-"));
  try {
    await extractArchive(opts.archive, unpacked).catch((error: Error) => {
      throw new RestoreRefused(`${opts.archive} is no readable backup archive`, [error.message]);
    });
    const verified = await verifyUnpacked(unpacked, opts.binDir);
    if (!verified.ok) throw new RestoreRefused("the backup fails its verification", verified.problems);
    const manifest = verified.manifest;
    const verdict = schemaVerdict(
      manifest.migrations,
      readMigrations(MIGRATIONS_DIR).map((m) => m.name),
    );
    if (!verdict.ok) throw new RestoreRefused(verdict.reason);
    if (opts.pointInTime) checkPointInTime(manifest, opts);

    const embedded = !opts.databaseUrl;
    if (embedded && existsSync(path.join(opts.dataDir, "postgres", "PG_VERSION")))
      throw new RestoreRefused(
        `${opts.dataDir} holds a PostgreSQL cluster already: restore into a fresh data folder (MYZEL_DATA_DIR) and point the server at it`,
      );
    const owner = embedded ? postgresServerOwner() : {};
    lockDataDir(opts.dataDir, owner.gid === undefined ? undefined : { gid: owner.gid });
    await restoreSecrets(unpacked, opts.dataDir, !!opts.pointInTime);

    const migrationsApplied = embedded
      ? await restoreEmbedded(unpacked, opts, owner)
      : await restoreExternal(unpacked, opts.databaseUrl!, opts);
    const redisKeys = embedded
      ? await loadRdbIntoEmbeddedRedis({
          dataDir: opts.dataDir,
          rdbFile: path.join(unpacked, "redis", "dump.rdb"),
          log: opts.log,
        })
      : null;
    const blueprints = opts.blueprintsDir ? await restoreBlueprints(unpacked, opts.blueprintsDir) : 0;
    return {
      backupId: manifest.backupId,
      backupCreatedAt: manifest.createdAt,
      migrationsApplied,
      redisKeys,
      blueprints,
      counts: manifest.counts,
      pointInTime: pointInTimeLabel(opts.pointInTime?.target),
      ms: Date.now() - started,
    };
  } finally {
    await rm(unpacked, { recursive: true, force: true });
  }
}

function checkPointInTime(manifest: BackupManifest, opts: RestoreOptions) {
  const pit = opts.pointInTime!;
  if (opts.databaseUrl)
    throw new RestoreRefused(
      "point-in-time recovery is for the embedded PostgreSQL; an external database recovers to a time with its provider's PITR",
    );
  if (!manifest.postgres.baseBackup)
    throw new RestoreRefused(
      "the backup holds no base backup (it was taken with WAL archiving off or from an external database)",
    );
  if (!existsSync(pit.walArchive)) throw new RestoreRefused(`the WAL archive ${pit.walArchive} does not exist`);
  const problem =
    pit.target === "latest" ? null : pitrTargetProblem(pit.target, new Date(manifest.createdAt), new Date());
  if (problem) throw new RestoreRefused(problem);
}

async function restoreEmbedded(
  unpacked: string,
  opts: RestoreOptions,
  owner: { uid?: number; gid?: number },
): Promise<string[]> {
  if (opts.pointInTime)
    await preparePointInTimeCluster({
      clusterDir: path.join(opts.dataDir, "postgres"),
      baseDir: path.join(unpacked, "postgres-base"),
      walArchive: path.resolve(opts.pointInTime.walArchive),
      target: opts.pointInTime.target,
      owner,
    });
  // Starting the server creates a fresh cluster and role, or (point in time) replays the WAL and promotes.
  const postgres = await startEmbeddedPostgres({
    dataDir: opts.dataDir,
    binDir: opts.binDir,
    log: opts.log,
    walArchive: true,
  });
  try {
    if (!opts.pointInTime) await loadDump(postgres.url, unpacked, opts.binDir);
    const applied = (await migrate(postgres.url, MIGRATIONS_DIR)).applied;
    await settleRestoredRecords(postgres.url, opts.archive, manifestOf(unpacked));
    return applied;
  } finally {
    await postgres.stop();
  }
}

async function restoreExternal(unpacked: string, databaseUrl: string, opts: RestoreOptions): Promise<string[]> {
  await loadDump(databaseUrl, unpacked, opts.binDir);
  const applied = (await migrate(databaseUrl, MIGRATIONS_DIR)).applied;
  await settleRestoredRecords(databaseUrl, opts.archive, manifestOf(unpacked));
  return applied;
}

async function loadDump(databaseUrl: string, unpacked: string, binDir?: string) {
  const tables = await publicTables(databaseUrl);
  if (tables.length)
    throw new RestoreRefused(
      `the database is not empty (${tables.length} tables, e.g. ${tables.slice(0, 3).join(", ")}): restore into an empty database`,
    );
  await restoreDump(databaseUrl, path.join(unpacked, "postgres", "myzel.dump"), binDir);
}

/** The session secret always (so sign-ins survive); the PostgreSQL roles' passwords only for a physical recovery. */
async function restoreSecrets(unpacked: string, dataDir: string, physical: boolean) {
  const dir = path.join(unpacked, "secrets");
  if (!existsSync(dir)) return;
  for (const name of await readdir(dir)) {
    if (name !== "auth.secret" && !physical) continue;
    await copyFile(path.join(dir, name), path.join(dataDir, name));
  }
}

async function restoreBlueprints(unpacked: string, blueprintsDir: string): Promise<number> {
  const dir = path.join(unpacked, "blueprints");
  if (!existsSync(dir)) return 0;
  await mkdir(blueprintsDir, { recursive: true });
  const names = await readdir(dir);
  for (const name of names) await copyFile(path.join(dir, name), path.join(blueprintsDir, name));
  return names.length;
}

const pointInTimeLabel = (target: Date | "latest" | undefined) =>
  target === undefined ? null : target === "latest" ? "latest" : target.toISOString();

const manifestOf = (unpacked: string): BackupManifest =>
  JSON.parse(readFileSync(path.join(unpacked, MANIFEST_NAME), "utf8")) as BackupManifest;

/**
 * The dump was taken while its own backup was RUNNING: in the restored database that record
 * says what the archive is — written and verified — instead of a backup that never finished.
 * Tasks that were queued or running then go back to PENDING, each with a `lost` attempt saying
 * why, so the restored server routes them at once (their agents' queues are not restored, see
 * redis-restore.ts) instead of waiting for a job that no agent will take.
 */
async function settleRestoredRecords(databaseUrl: string, archive: string, manifest: BackupManifest) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `WITH old AS (
         SELECT id, agent_id, attempts, started_at FROM tasks WHERE status IN ('QUEUED', 'RUNNING') FOR UPDATE
       ), moved AS (
         UPDATE tasks t SET status = 'PENDING', agent_id = NULL FROM old WHERE t.id = old.id
         RETURNING t.id, old.agent_id, old.attempts, old.started_at
       )
       INSERT INTO task_attempts (task_id, attempt, agent_id, outcome, error, started_at)
       SELECT id, attempts, agent_id, 'lost', $1, started_at FROM moved WHERE attempts > 0`,
      ["in flight when the backup was taken; routed again after the restore"],
    );
    await client.query(
      `UPDATE "backups" SET status = 'VERIFIED', phase = 'done', progress = 100, file = $2, size_bytes = $3,
         manifest = $4, finished_at = COALESCE(finished_at, now()) WHERE id = $1 AND status = 'RUNNING'`,
      [manifest.backupId, path.resolve(archive), statSync(archive).size, JSON.stringify(manifest)],
    );
  } finally {
    await client.end();
  }
}

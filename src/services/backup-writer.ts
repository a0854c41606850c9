/**
 * Writes one backup archive: a pg_dump of the database (and, for the embedded PostgreSQL with
 * WAL archiving, a physical base backup for point-in-time recovery), a fresh Redis RDB, the
 * blueprints folder, the secrets a restored server needs to accept the same sessions, and a
 * manifest with versions, sizes and SHA-256 checksums — then verifies what it wrote. Every
 * step is a child process or a stream, so the API keeps answering while it runs.
 */

import { existsSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CoreDeps } from "../core/deps";
import { describeFiles, writeArchive } from "../infra/backup/archive-files";
import { dumpDatabase, pgDumpVersion } from "../infra/backup/postgres-dump";
import { snapshotRedis } from "../infra/backup/redis-snapshot";
import { baseBackup } from "../infra/backup/wal-archive";
import { type BackupManifest, MANIFEST_FORMAT, MANIFEST_NAME } from "../schemas/backup-api";
import { verifyArchive } from "./backup-verify";

export type BackupWriterDeps = Pick<CoreDeps, "db" | "redis" | "settings" | "log"> & {
  databaseUrl: string;
  redisUrl: string;
};

/** Tables whose row counts the manifest records, so a restore can be compared at a glance. */
export const COUNTED_TABLES = [
  "cluster_blueprints",
  "clusters",
  "cluster_agents",
  "cluster_revisions",
  "tasks",
  "users",
  "api_tokens",
  "audit_log",
  "healing_events",
] as const;

/** Secrets of the data folder that a restored server needs (sessions, and for a physical restore the roles). */
const SESSION_SECRETS = ["auth.secret"];
const POSTGRES_SECRETS = ["postgres-superuser.json", "postgres-app.password"];

export type Progress = (phase: string, progress: number) => Promise<void>;

/** MYZEL_BACKUP_DIR, or `backups` beside the data folder: a backup must outlive the folder it saves. */
export function backupFolder(settings: CoreDeps["settings"]): string {
  return settings.BACKUP_DIR ? path.resolve(settings.BACKUP_DIR) : path.join(path.dirname(settings.dataDir), "backups");
}

export async function writeBackup(
  deps: BackupWriterDeps,
  backupId: string,
  progress: Progress,
): Promise<{ file: string; sizeBytes: number; manifest: BackupManifest }> {
  const { settings } = deps;
  const folder = backupFolder(settings);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const work = await mkdtemp(path.join(folder, `.writing-${backupId.slice(0, 8)}-`));
  try {
    const embedded = !settings.DATABASE_URL;
    await progress("postgres", 5);
    await mkdir(path.join(work, "postgres"));
    const createdAt = new Date();
    const [migrations, serverVersion, counts] = await Promise.all([
      appliedMigrations(deps),
      deps.db
        .$queryRawUnsafe<{ v: string }[]>("SELECT current_setting('server_version') AS v")
        .then((rows) => rows[0]!.v),
      countRows(deps),
    ]);
    await dumpDatabase(deps.databaseUrl, path.join(work, "postgres", "myzel.dump"), settings.POSTGRES_BIN_DIR);
    const withBase = embedded && settings.WAL_ARCHIVE;
    if (withBase) {
      await progress("postgres-base", 35);
      await baseBackup({
        databaseUrl: deps.databaseUrl,
        dataDir: settings.dataDir,
        into: path.join(work, "postgres-base"),
      });
    }

    await progress("redis", 55);
    await mkdir(path.join(work, "redis"));
    const redis = await snapshotRedis(deps.redis, deps.redisUrl, path.join(work, "redis", "dump.rdb"));

    await progress("blueprints", 65);
    await mkdir(path.join(work, "blueprints"));
    if (existsSync(settings.blueprintsDir))
      for (const name of await readdir(settings.blueprintsDir))
        if (/\.ya?ml$/.test(name))
          await cp(path.join(settings.blueprintsDir, name), path.join(work, "blueprints", name));
    const secrets = [...SESSION_SECRETS, ...(withBase ? POSTGRES_SECRETS : [])].filter((name) =>
      existsSync(path.join(settings.dataDir, name)),
    );
    if (secrets.length) await mkdir(path.join(work, "secrets"));
    for (const name of secrets) await cp(path.join(settings.dataDir, name), path.join(work, "secrets", name));

    await progress("archive", 75);
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      backupId,
      createdAt: createdAt.toISOString(),
      myzelVersion: process.env.npm_package_version ?? "0.1.0",
      migrations,
      postgres: {
        embedded,
        serverVersion,
        dumpVersion: await pgDumpVersion(settings.POSTGRES_BIN_DIR),
        baseBackup: withBase,
      },
      redis,
      counts,
      files: await describeFiles(work),
    };
    await writeFile(path.join(work, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    const stamp = createdAt.toISOString().replace(/[:.]/g, "-");
    const file = path.join(folder, `myzel-backup-${stamp}-${backupId.slice(0, 8)}.tar`);
    // Written beside, then renamed: a half-written archive never carries the final name.
    await writeArchive(work, `${file}.partial`, MANIFEST_NAME);
    await chmod(`${file}.partial`, 0o600);
    await rename(`${file}.partial`, file);

    await progress("verify", 90);
    const verified = await verifyArchive(file, settings.POSTGRES_BIN_DIR);
    if (!verified.ok) throw new Error(`the archive failed its verification: ${verified.problems.join("; ")}`);
    return { file, sizeBytes: (await stat(file)).size, manifest };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function appliedMigrations(deps: BackupWriterDeps): Promise<string[]> {
  const rows = await deps.db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((row) => row.name);
}

async function countRows(deps: BackupWriterDeps): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const [row] = await deps.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}"`);
    counts[table] = Number(row!.n);
  }
  return counts;
}

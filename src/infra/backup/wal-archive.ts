/**
 * Point-in-time recovery for the embedded PostgreSQL: the server archives every finished WAL
 * segment into <data>/wal-archive (at least every 30 s when anything was written, which bounds
 * what a recovery can lose), a backup adds a physical base backup, and a recovery replays the
 * archive on top of that base up to a chosen time. The archive is kept under a size cap.
 */
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { walFilesOverCap } from "../../domain/backup/backup-checks";
import { childProcessEnv } from "../../env";
import { readSuperuser } from "../embedded/postgres-roles";
import { pgTool } from "./postgres-dump";

const run = promisify(execFile);

/** Longest a written change waits for its segment to be archived: the RPO of a lost data folder's WAL. */
export const ARCHIVE_TIMEOUT_SECONDS = 30;

export const walArchiveDir = (dataDir: string) => path.join(dataDir, "wal-archive");

/** The server settings that turn WAL archiving on (into a folder the server's OS user owns) or off. */
export function archiveSettings(dataDir: string, enabled: boolean, owner: { uid?: number; gid?: number }): string[] {
  if (!enabled) return ["-c", "archive_mode=off"];
  const dir = walArchiveDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid!);
  // Never overwrite a segment already archived: PostgreSQL retries the command until it succeeds.
  const command = `test ! -f '${dir}/%f' && cp '%p' '${dir}/%f'`;
  return [
    "-c",
    "archive_mode=on",
    "-c",
    `archive_command=${command}`,
    "-c",
    `archive_timeout=${ARCHIVE_TIMEOUT_SECONDS}`,
  ];
}

function segments(dir: string): { name: string; sizeBytes: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^[0-9A-F]{24}/.test(name))
    .map((name) => ({ name, sizeBytes: statSync(path.join(dir, name)).size }));
}

export function walArchiveBytes(dataDir: string): number {
  return segments(walArchiveDir(dataDir)).reduce((sum, file) => sum + file.sizeBytes, 0);
}

/** Deletes the oldest segments beyond the cap; returns how many went. */
export function pruneWalArchive(dataDir: string, maxBytes: number): number {
  const dir = walArchiveDir(dataDir);
  const victims = walFilesOverCap(segments(dir), maxBytes);
  for (const name of victims) rmSync(path.join(dir, name), { force: true });
  return victims.length;
}

/**
 * A physical base backup of the embedded server as tar files (base.tar, pg_wal.tar) in `into`,
 * taken as its superuser over a replication connection.
 */
export async function baseBackup(opts: { databaseUrl: string; dataDir: string; into: string }): Promise<void> {
  const admin = readSuperuser(opts.dataDir);
  const server = new URL(opts.databaseUrl);
  mkdirSync(opts.into, { recursive: true });
  await run(
    pgTool("pg_basebackup"),
    [
      `--host=${server.hostname}`,
      `--port=${server.port}`,
      `--username=${admin.user}`,
      `--pgdata=${opts.into}`,
      "--format=tar",
      "--wal-method=stream",
      "--checkpoint=fast",
      "--no-password",
    ],
    { env: childProcessEnv({ PGPASSWORD: admin.password }), maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stderr?: string }) => {
    throw new Error(`pg_basebackup failed: ${error.stderr?.trim() ?? String(error)}`);
  });
}

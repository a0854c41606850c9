/**
 * Lays out a PostgreSQL cluster folder for a point-in-time recovery: the base backup unpacked,
 * its streamed WAL in pg_wal, and recovery settings that replay the WAL archive up to the target
 * and then promote. Starting the server on the folder performs the recovery.
 */
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as tar from "tar";

export async function preparePointInTimeCluster(opts: {
  clusterDir: string;
  baseDir: string;
  walArchive: string;
  /** A time, or "latest": everything the WAL archive holds. */
  target: Date | "latest";
  owner: { uid?: number; gid?: number };
}): Promise<void> {
  const { clusterDir, baseDir, walArchive, target, owner } = opts;
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  await tar.x({ file: path.join(baseDir, "base.tar"), cwd: clusterDir });
  const walDir = path.join(clusterDir, "pg_wal");
  mkdirSync(walDir, { recursive: true, mode: 0o700 });
  if (existsSync(path.join(baseDir, "pg_wal.tar")))
    await tar.x({ file: path.join(baseDir, "pg_wal.tar"), cwd: walDir });
  writeFileSync(path.join(clusterDir, "recovery.signal"), "");
  const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
  appendFileSync(
    path.join(clusterDir, "postgresql.auto.conf"),
    [
      "",
      "# Point-in-time recovery written by `myzel backup restore --to-time` (removed by PostgreSQL's promotion: harmless afterwards)",
      `restore_command = ${quote(`cp "${walArchive}/%f" "%p"`)}`,
      // PostgreSQL reads "2026-12-01 10:15:00.123+00", not the ISO form with T and Z.
      ...(target === "latest"
        ? []
        : [`recovery_target_time = ${quote(target.toISOString().replace("T", " ").replace("Z", "+00"))}`]),
      "recovery_target_action = 'promote'",
      "",
    ].join("\n"),
  );
  chmodSync(clusterDir, 0o700);
  if (owner.uid !== undefined) chownTree(clusterDir, owner.uid, owner.gid!);
}

function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else chownSync(full, uid, gid);
  }
}

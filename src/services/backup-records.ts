/** Backup records: the API's view of them, listing, reading, and removing what retention drops. */
import { rm } from "node:fs/promises";
import { retentionVictims } from "../domain/backup/backup-checks";
import type { Backup } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";
import { type BackupDto, backupManifestSchema } from "../schemas/backup-api";
import { notFound } from "./app-error";

export function toBackupDto(row: Backup): BackupDto {
  const manifest = row.manifest ? backupManifestSchema.safeParse(row.manifest) : undefined;
  return {
    id: row.id,
    status: row.status,
    trigger: row.trigger === "schedule" ? "schedule" : "manual",
    file: row.file,
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    phase: row.phase,
    progress: row.progress,
    error: row.error,
    createdBy: row.createdBy,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    manifest: manifest?.success ? manifest.data : null,
  };
}

export async function listBackups(db: Database, limit: number) {
  const rows = await db.backup.findMany({ orderBy: { startedAt: "desc" }, take: limit });
  return { items: rows.map(toBackupDto) };
}

export async function getBackup(db: Database, id: string) {
  const row = await db.backup.findUnique({ where: { id } });
  if (!row) throw notFound("backup", id);
  return row;
}

/** Deletes the archives and records retention drops; returns their ids. */
export async function applyRetention(db: Database, retain: number): Promise<string[]> {
  const rows = await db.backup.findMany({ select: { id: true, status: true, startedAt: true, file: true } });
  const victims = retentionVictims(rows, retain);
  for (const row of rows.filter((r) => victims.includes(r.id))) {
    if (row.file) await rm(row.file, { force: true });
    await db.backup.delete({ where: { id: row.id } });
  }
  return victims;
}

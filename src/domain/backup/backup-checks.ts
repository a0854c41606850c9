/**
 * Pure decisions about backups: whether an archive's files match its manifest, whether its
 * schema can be brought forward by this version's migrations, which archives retention drops,
 * and whether a point-in-time target can be reached.
 */
import type { ManifestFile } from "../../schemas/backup-api";

/** What is wrong with the files found in an archive against the manifest; empty when they match. */
export function fileProblems(expected: readonly ManifestFile[], found: readonly ManifestFile[]): string[] {
  const problems: string[] = [];
  const byName = new Map(found.map((file) => [file.name, file]));
  for (const file of expected) {
    const actual = byName.get(file.name);
    if (!actual) problems.push(`${file.name}: missing from the archive`);
    else if (actual.sizeBytes !== file.sizeBytes)
      problems.push(`${file.name}: ${actual.sizeBytes} bytes, the manifest says ${file.sizeBytes}`);
    else if (actual.sha256 !== file.sha256) problems.push(`${file.name}: checksum differs from the manifest`);
  }
  const listed = new Set(expected.map((file) => file.name));
  for (const file of found) if (!listed.has(file.name)) problems.push(`${file.name}: not in the manifest`);
  return problems;
}

export type SchemaVerdict = { ok: true; toApply: string[] } | { ok: false; reason: string };

/**
 * A backup restores only into a Myzel that knows every migration it was made with; the
 * migrations it lacks are applied after the restore (brought forward).
 */
export function schemaVerdict(backupMigrations: readonly string[], knownMigrations: readonly string[]): SchemaVerdict {
  const known = new Set(knownMigrations);
  const unknown = backupMigrations.filter((name) => !known.has(name));
  if (unknown.length)
    return {
      ok: false,
      reason: `the backup comes from a newer schema (migrations this version does not know: ${unknown.join(", ")}); restore it with that version of Myzel or newer`,
    };
  const had = new Set(backupMigrations);
  return { ok: true, toApply: knownMigrations.filter((name) => !had.has(name)) };
}

export interface RetainedBackup {
  id: string;
  status: "RUNNING" | "VERIFIED" | "FAILED";
  startedAt: Date;
}

/**
 * The backups retention removes: all but the newest `retain` verified ones, and failed ones
 * older than the oldest verified one kept. Running backups are never removed.
 */
export function retentionVictims(backups: readonly RetainedBackup[], retain: number): string[] {
  const newestFirst = [...backups].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  const verified = newestFirst.filter((b) => b.status === "VERIFIED");
  const kept = verified.slice(0, retain);
  const oldestKept = kept.at(-1)?.startedAt.getTime() ?? Number.POSITIVE_INFINITY;
  return newestFirst
    .filter(
      (b) =>
        (b.status === "VERIFIED" && !kept.includes(b)) ||
        (b.status === "FAILED" && kept.length === retain && b.startedAt.getTime() < oldestKept),
    )
    .map((b) => b.id);
}

/** Why a point-in-time target cannot be reached from a base backup taken at `baseAt`, or null. */
export function pitrTargetProblem(target: Date, baseAt: Date, now: Date): string | null {
  if (Number.isNaN(target.getTime())) return "the target time is no valid time";
  if (target.getTime() < baseAt.getTime())
    return `the target ${target.toISOString()} is before the backup's base (${baseAt.toISOString()}): choose an older backup`;
  if (target.getTime() > now.getTime()) return `the target ${target.toISOString()} is in the future`;
  return null;
}

/** The oldest files to delete so the WAL archive fits `maxBytes` (names sort oldest first). */
export function walFilesOverCap(files: readonly { name: string; sizeBytes: number }[], maxBytes: number): string[] {
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name));
  let total = sorted.reduce((sum, file) => sum + file.sizeBytes, 0);
  const victims: string[] = [];
  for (const file of sorted) {
    if (total <= maxBytes) break;
    victims.push(file.name);
    total -= file.sizeBytes;
  }
  return victims;
}

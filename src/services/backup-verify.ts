/**
 * Verifies a backup archive: its manifest parses, every file's size and SHA-256 match it, and
 * pg_restore can read the dump's table of contents. Used right after a backup is written, on
 * demand, and before any restore.
 */

import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileProblems } from "../domain/backup/backup-checks";
import { describeFiles, extractArchive } from "../infra/backup/archive-files";
import { listDump } from "../infra/backup/postgres-dump";
import { type BackupManifest, backupManifestSchema, MANIFEST_NAME } from "../schemas/backup-api";

export type Verification =
  | { ok: true; manifest: BackupManifest }
  | { ok: false; problems: string[]; manifest?: BackupManifest };

/** Checks the files unpacked in `dir`. */
export async function verifyUnpacked(dir: string, binDir?: string): Promise<Verification> {
  const manifestFile = path.join(dir, MANIFEST_NAME);
  if (!existsSync(manifestFile)) return { ok: false, problems: [`${MANIFEST_NAME}: missing: this is no Myzel backup`] };
  let parsed: ReturnType<typeof backupManifestSchema.safeParse>;
  try {
    parsed = backupManifestSchema.safeParse(JSON.parse(await readFile(manifestFile, "utf8")));
  } catch (error) {
    return { ok: false, problems: [`${MANIFEST_NAME}: no JSON (${(error as Error).message})`] };
  }
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${MANIFEST_NAME} at /${issue.path.join("/")}: ${issue.message}`),
    };
  const manifest = parsed.data;
  const problems = fileProblems(manifest.files, await describeFiles(dir, [MANIFEST_NAME]));
  const dump = path.join(dir, "postgres", "myzel.dump");
  if (existsSync(dump)) {
    const entries = await listDump(dump, binDir).catch((error: Error) => {
      problems.push(`postgres/myzel.dump: pg_restore --list fails: ${error.message}`);
      return [];
    });
    if (entries.length === 0 && !problems.length) problems.push("postgres/myzel.dump: holds no tables");
  }
  return problems.length ? { ok: false, problems, manifest } : { ok: true, manifest };
}

/** Unpacks the archive into a temporary folder and checks it there. */
export async function verifyArchive(file: string, binDir?: string): Promise<Verification> {
  if (!existsSync(file)) return { ok: false, problems: [`${file}: no such file`] };
  const dir = await mkdtemp(path.join(os.tmpdir(), "myzel-verify-"));
  try {
    try {
      await extractArchive(file, dir);
    } catch (error) {
      return {
        ok: false,
        problems: [`${path.basename(file)}: not a readable tar archive (${(error as Error).message})`],
      };
    }
    return await verifyUnpacked(dir, binDir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

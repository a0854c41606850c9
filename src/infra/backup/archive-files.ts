/** The files of a backup archive: checksums, writing the tar file, reading it back. */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import * as tar from "tar";
import type { ManifestFile } from "../../schemas/backup-api";

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Every regular file under `root`, named relative to it with forward slashes. */
export async function filesUnder(root: string, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(path.join(root, prefix), { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) names.push(...(await filesUnder(root, name)));
    else if (entry.isFile()) names.push(name);
  }
  return names.sort();
}

/** Name, size and SHA-256 of each file under `root` (except those in `skip`). */
export async function describeFiles(root: string, skip: readonly string[] = []): Promise<ManifestFile[]> {
  const described: ManifestFile[] = [];
  for (const name of await filesUnder(root)) {
    if (skip.includes(name)) continue;
    const file = path.join(root, name);
    described.push({ name, sizeBytes: (await stat(file)).size, sha256: await sha256File(file) });
  }
  return described;
}

/** One tar file of everything under `root`, the manifest first so a reader finds it at once. */
export async function writeArchive(root: string, file: string, first: string): Promise<void> {
  const rest = (await filesUnder(root)).filter((name) => name !== first);
  await tar.c({ file, cwd: root, portable: true, mode: 0o600 } as tar.TarOptionsWithAliasesAsyncFile, [first, ...rest]);
}

export async function extractArchive(file: string, into: string): Promise<void> {
  await tar.x({ file, cwd: into, strict: true, preservePaths: false });
}

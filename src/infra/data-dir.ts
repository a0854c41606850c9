/**
 * The data folder holds the server's secrets (auth.secret, endpoints.json, database and Redis
 * passwords): only Myzel's own OS user may enter it, so an agent running as another user can
 * neither list nor read it. The embedded PostgreSQL, run as its own OS user, may pass through
 * to its cluster folder (mode 0710, its group) and no further.
 */
import { chmodSync, chownSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

export function lockDataDir(dataDir: string, passThrough?: { gid: number }): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (passThrough) chownSync(dataDir, process.getuid?.() ?? 0, passThrough.gid);
  chmodSync(dataDir, passThrough ? 0o710 : 0o700);
  // Folders made by earlier versions kept their files readable by everyone.
  for (const entry of readdirSync(dataDir, { withFileTypes: true }))
    if (entry.isFile()) chmodSync(path.join(dataDir, entry.name), 0o600);
}

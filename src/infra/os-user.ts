import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

export type OsUser = { uid: number; gid: number };

/** uid and gid of an OS user from /etc/passwd, or undefined when there is no such user. */
export function lookupUser(name: string): OsUser | undefined {
  const entry = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .map((line) => line.split(":"))
    .find((fields) => fields[0] === name);
  return entry ? { uid: Number(entry[2]), gid: Number(entry[3]) } : undefined;
}

export const runningAsRoot = () => process.getuid?.() === 0;

/**
 * The OS user, made first when it does not exist: a system user with its own group, no home
 * and no login shell, so nobody signs in as it. Needs root.
 */
export async function ensureSystemUser(name: string): Promise<OsUser> {
  const existing = lookupUser(name);
  if (existing) return existing;
  try {
    await run("useradd", [
      "--system",
      "--user-group",
      "--no-create-home",
      "--home-dir",
      "/nonexistent",
      "--shell",
      "/usr/sbin/nologin",
      name,
    ]);
  } catch (error) {
    // Another runner on this host may have made it at the same moment (useradd exits 9).
    if (!lookupUser(name))
      throw new Error(`could not create the OS user "${name}": ${(error as { stderr?: string }).stderr ?? error}`);
  }
  return lookupUser(name)!;
}

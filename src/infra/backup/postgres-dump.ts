/**
 * PostgreSQL's own tools for backups: `pg_dump` in its custom format, `pg_restore --list` to
 * check a dump, `pg_restore` into an empty database. The newest installed client tools are
 * used (they read older servers); the password goes in the environment, never on a command line.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { childProcessEnv } from "../../env";

const run = promisify(execFile);

/** A PostgreSQL client tool from `binDir`, or the newest /usr/lib/postgresql/<v>/bin, or PATH. */
export function pgTool(name: "pg_dump" | "pg_restore" | "pg_basebackup" | "pg_archivecleanup", binDir?: string) {
  const candidates = [binDir, ...newestPostgresBins()].filter((dir): dir is string => !!dir);
  for (const dir of candidates) if (existsSync(path.join(dir, name))) return path.join(dir, name);
  return name;
}

function newestPostgresBins(): string[] {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, "bin"));
}

/** The URL without its password, and the password for PGPASSWORD. */
export function splitPassword(databaseUrl: string): { url: string; password: string } {
  const parsed = new URL(databaseUrl);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { url: parsed.toString(), password };
}

const toolEnv = (password: string) => childProcessEnv(password ? { PGPASSWORD: password } : {});

/** Runs a tool to its end, rejecting with its stderr. */
function runTool(file: string, args: string[], password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: toolEnv(password), stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else
        reject(
          new Error(`${path.basename(file)} failed (exit ${code}): ${Buffer.concat(err).toString("utf8").trim()}`),
        );
    });
  });
}

/** A consistent snapshot (pg_dump takes one transaction's view) in the custom format. */
export async function dumpDatabase(databaseUrl: string, file: string, binDir?: string): Promise<void> {
  const { url, password } = splitPassword(databaseUrl);
  await runTool(
    pgTool("pg_dump", binDir),
    ["--format=custom", "--no-owner", "--no-acl", `--file=${file}`, `--dbname=${url}`],
    password,
  );
}

/** The dump's table of contents; fails if pg_restore cannot read it. */
export async function listDump(file: string, binDir?: string): Promise<string[]> {
  const listing = await runTool(pgTool("pg_restore", binDir), ["--list", file], "");
  return listing.split("\n").filter((line) => line && !line.startsWith(";"));
}

/** Restores a dump into an empty database, as the role signed in (it owns what it creates). */
export async function restoreDump(databaseUrl: string, file: string, binDir?: string): Promise<void> {
  const { url, password } = splitPassword(databaseUrl);
  await runTool(
    pgTool("pg_restore", binDir),
    ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", `--dbname=${url}`, file],
    password,
  );
}

export async function pgDumpVersion(binDir?: string): Promise<string> {
  const { stdout } = await run(pgTool("pg_dump", binDir), ["--version"], { env: childProcessEnv() });
  return stdout.trim();
}

/** Tables in the public schema: a restore goes only into a database that has none. */
export async function publicTables(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

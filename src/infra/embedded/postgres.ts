/**
 * The PostgreSQL Myzel runs for itself when DATABASE_URL is not set: the system's own
 * PostgreSQL binaries (Debian's `postgresql` package) with a cluster under <data>/postgres,
 * listening on loopback only with generated passwords. A real server process keeps every
 * query off Myzel's event loop. The application signs in as a role that owns its database
 * but is no superuser (postgres-roles.ts).
 */
import { type ChildProcess, execFile } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { childProcessEnv } from "../../env";
import { archiveSettings } from "../backup/wal-archive";
import type { Logger } from "../logger";
import { lookupUser, runningAsRoot } from "../os-user";
import { findFreePort, spawnUntilReady, stopChild, stopLeftover } from "./child-service";
import {
  APP_ROLE,
  DATABASE,
  provisionAppRole,
  randomPassword,
  readSuperuser,
  SUPERUSER,
  writeSuperuser,
} from "./postgres-roles";

const run = promisify(execFile);

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  binDir?: string;
  log: Logger;
  /** Archive WAL into <data>/wal-archive for point-in-time recovery (infra/backup/wal-archive.ts). */
  walArchive?: boolean;
}): Promise<EmbeddedPostgres> {
  const log = opts.log.child({ component: "embedded-postgres" });
  const binDir = opts.binDir ?? findPostgresBinDir();
  const dir = path.join(opts.dataDir, "postgres");
  const owner = postgresServerOwner();

  mkdirSync(opts.dataDir, { recursive: true });
  if (!existsSync(path.join(dir, "PG_VERSION"))) await initCluster({ binDir, dir, dataDir: opts.dataDir, owner, log });
  const admin = readSuperuser(opts.dataDir);

  await stopLeftover(path.join(dir, "postmaster.pid"), "postgres", log);
  const port = await findFreePort();
  const started = Date.now();
  const child = await spawnUntilReady(
    path.join(binDir, "postgres"),
    [
      "-D",
      dir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      ...archiveSettings(opts.dataDir, opts.walArchive ?? false, owner),
    ],
    {
      ...owner,
      env: childProcessEnv(),
      ready: /ready to accept connections/,
      timeoutMs: 60_000,
      name: "postgres",
      log,
    },
  );
  log.info({ port, ms: Date.now() - started }, "embedded PostgreSQL ready");
  let stopping = false;
  child.on("exit", (code, signal) => {
    if (!stopping) log.warn({ code, signal }, "embedded PostgreSQL exited");
  });

  const server = `127.0.0.1:${port}`;
  const password = await provisionAppRole({ dataDir: opts.dataDir, serverUrl: server, admin }).catch(async (error) => {
    stopping = true;
    await stopPostgres(child);
    throw error;
  });
  return {
    url: `postgresql://${APP_ROLE}:${encodeURIComponent(password)}@${server}/${DATABASE}`,
    stop: () => {
      stopping = true;
      return stopPostgres(child);
    },
  };
}

async function initCluster(opts: {
  binDir: string;
  dir: string;
  dataDir: string;
  owner: { uid?: number; gid?: number };
  log: Logger;
}): Promise<void> {
  const { binDir, dir, dataDir, owner, log } = opts;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = randomPassword();
  writeSuperuser(dataDir, { user: SUPERUSER, password });
  // initdb reads the password from a file that the server's OS user must be able to read.
  const pwfile = path.join(os.tmpdir(), `myzel-pw-${process.pid}-${Date.now()}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner.uid !== undefined) {
    chownSync(dir, owner.uid, owner.gid!);
    chownSync(pwfile, owner.uid, owner.gid!);
  }
  chmodSync(dir, 0o700);
  log.info({ dir }, "creating the embedded PostgreSQL cluster");
  try {
    await run(
      path.join(binDir, "initdb"),
      ["-D", dir, "-U", SUPERUSER, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
      { ...owner, env: childProcessEnv() },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const detail = (error as { stderr?: string }).stderr ?? String(error);
    const hint =
      owner.uid !== undefined
        ? ` (as root, the server runs as the OS user "postgres": every folder above ${dir} must be readable by it)`
        : "";
    throw new Error(`initdb failed${hint}:\n${detail}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, checkpoint, exit. */
function stopPostgres(child: ChildProcess): Promise<void> {
  return stopChild(child, "SIGINT", 10_000);
}

/** The newest /usr/lib/postgresql/<version>/bin that has both initdb and postgres. */
export function findPostgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const bin = path.join(root, version, "bin");
    if (existsSync(path.join(bin, "initdb")) && existsSync(path.join(bin, "postgres"))) return bin;
  }
  throw new Error(
    "No PostgreSQL server binaries found. Install them (apt-get install -y postgresql), " +
      "set MYZEL_POSTGRES_BIN_DIR to a folder holding initdb and postgres, or set DATABASE_URL.",
  );
}

/** PostgreSQL refuses to run as root: then its processes run as the OS user "postgres". */
export function postgresServerOwner(): { uid?: number; gid?: number } {
  if (!runningAsRoot()) return {};
  const user = lookupUser("postgres");
  if (!user)
    throw new Error(
      'Running as root, the embedded PostgreSQL needs an OS user "postgres" (apt-get install -y postgresql creates it).',
    );
  return user;
}

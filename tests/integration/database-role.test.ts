/**
 * The application's PostgreSQL role is no superuser. A data folder made by an earlier version,
 * where the application signed in as the embedded PostgreSQL's superuser, is brought in place to
 * the layout where it signs in as a role that owns its database; its data stays and it can still
 * migrate. A configured DATABASE_URL of a superuser is warned about.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pg from "pg";
import pino from "pino";
import { afterAll, describe, expect, inject, it } from "vitest";
import { childProcessEnv, loadSettings } from "../../src/env";
import { lockDataDir } from "../../src/infra/data-dir";
import { migrate } from "../../src/infra/database/migrate";
import { findFreePort, spawnUntilReady, stopChild } from "../../src/infra/embedded/child-service";
import { findPostgresBinDir, startEmbeddedPostgres } from "../../src/infra/embedded/postgres";
import { MIGRATIONS_DIR, startInfrastructure } from "../../src/infra/infrastructure";
import { createLogger } from "../../src/infra/logger";
import { lookupUser } from "../../src/infra/os-user";

const dataDir = path.join(os.tmpdir(), `myzel-pg-upgrade-${process.pid}`);
const log = createLogger("silent");
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** What earlier versions did: a cluster whose bootstrap superuser `myzel` is the application's role. */
async function makeEarlierVersionFolder(): Promise<void> {
  const binDir = findPostgresBinDir();
  const dir = path.join(dataDir, "postgres");
  const owner: { uid?: number; gid?: number } = process.getuid?.() === 0 ? lookupUser("postgres")! : {};
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = "earlier-version-password";
  writeFileSync(path.join(dataDir, "postgres.password"), `${password}\n`, { mode: 0o644 });
  const pwfile = path.join(os.tmpdir(), `myzel-upgrade-pw-${process.pid}`);
  writeFileSync(pwfile, `${password}\n`);
  if (owner.uid !== undefined) {
    chownSync(dir, owner.uid, owner.gid!);
    chownSync(pwfile, owner.uid, owner.gid!);
  }
  execFileSync(path.join(binDir, "initdb"), ["-D", dir, "-U", "myzel", `--pwfile=${pwfile}`, "--auth=scram-sha-256"], {
    ...owner,
    env: childProcessEnv(),
  });
  rmSync(pwfile);
  const port = await findFreePort();
  const server = await spawnUntilReady(
    path.join(binDir, "postgres"),
    ["-D", dir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    {
      ...owner,
      env: childProcessEnv(),
      ready: /ready to accept connections/,
      timeoutMs: 60_000,
      name: "postgres",
      log,
    },
  );
  try {
    const base = `postgresql://myzel:${password}@127.0.0.1:${port}`;
    await query(`${base}/postgres`, "CREATE DATABASE myzel");
    await migrate(`${base}/myzel`, MIGRATIONS_DIR);
    await query(
      `${base}/myzel`,
      "INSERT INTO nodes (id, hostname, pid, capacity) VALUES ('earlier-node', 'old-host', 1, 5)",
    );
  } finally {
    await stopChild(server, "SIGINT", 10_000);
  }
}

describe("embedded PostgreSQL from an earlier version", () => {
  it("upgrades in place: the application's role owns everything, keeps the data, and is no superuser", async () => {
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    await makeEarlierVersionFolder();
    const owner = process.getuid?.() === 0 ? lookupUser("postgres") : undefined;
    lockDataDir(dataDir, owner && { gid: owner.gid });

    const postgres = await startEmbeddedPostgres({ dataDir, log });
    try {
      expect(new URL(postgres.url).username).toBe("myzel_app");
      expect(await query(postgres.url, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).toEqual([
        { rolsuper: false },
      ]);
      expect(await query(postgres.url, "SELECT hostname FROM nodes WHERE id = 'earlier-node'")).toEqual([
        { hostname: "old-host" },
      ]);
      const foreign = await query(
        postgres.url,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user",
      );
      expect(foreign).toEqual([]);
      // Migrations still run: as owner it may change its tables and types.
      await query(
        postgres.url,
        `BEGIN; ALTER TABLE nodes ADD COLUMN upgrade_check int; ALTER TYPE "AgentStatus" ADD VALUE 'UPGRADE_CHECK'; ROLLBACK`,
      );
      expect((await migrate(postgres.url, MIGRATIONS_DIR)).applied).toEqual([]);
      // The superuser's password is kept apart from the application's; the earlier file is gone.
      expect(existsSync(path.join(dataDir, "postgres.password"))).toBe(false);
      expect(JSON.parse(readFileSync(path.join(dataDir, "postgres-superuser.json"), "utf8")).user).toBe("myzel");
      expect(statSync(path.join(dataDir, "postgres-superuser.json")).mode & 0o777).toBe(0o600);
    } finally {
      await postgres.stop();
    }

    // A second start finds the layout finished and leaves it so.
    const again = await startEmbeddedPostgres({ dataDir, log });
    try {
      expect(await query(again.url, "SELECT count(*)::int AS n FROM nodes")).toEqual([{ n: 1 }]);
    } finally {
      await again.stop();
    }
  });
});

describe("a configured DATABASE_URL", () => {
  /** Starts on the integration server's database as `user` and returns the warnings logged. */
  async function warningsSigningInAs(user: "superuser" | "application"): Promise<string[]> {
    const url = new URL(inject("databaseUrl"));
    if (user === "superuser") {
      const superuser = JSON.parse(readFileSync(path.join(inject("dataDir"), "postgres-superuser.json"), "utf8"));
      url.username = superuser.user;
      url.password = encodeURIComponent(superuser.password);
    }
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _, done) => done(void lines.push(String(chunk))) });
    const settings = loadSettings({
      DATABASE_URL: url.toString(),
      REDIS_URL: inject("redisUrl"),
      MYZEL_DATA_DIR: path.join(os.tmpdir(), `myzel-db-role-${process.pid}`),
    });
    const infrastructure = await startInfrastructure(settings, pino({ level: "warn" }, stream));
    await infrastructure.stop();
    rmSync(settings.dataDir, { recursive: true, force: true });
    return lines.map((line) => JSON.parse(line).msg as string);
  }

  it("is warned about at start-up when it signs in as a superuser, and started anyway", async () => {
    expect(await warningsSigningInAs("superuser")).toEqual([expect.stringContaining("PostgreSQL superuser")]);
    expect(await warningsSigningInAs("application")).toEqual([]);
  });
});

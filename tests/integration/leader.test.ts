/**
 * Two server processes on one PostgreSQL and one Redis: exactly one leads the control plane;
 * when the leader dies, the other takes over once the lease expires.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { findFreePort, spawnUntilReady } from "../../src/infra/embedded/child-service";
import { createLogger } from "../../src/infra/logger";

const root = path.resolve(import.meta.dirname, "../..");
const database = `myzel_leader_${process.pid}`;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      MYZEL_PORT: "0",
      MYZEL_LOG_LEVEL: "info",
      MYZEL_RUNNER_ENABLED: "false",
      MYZEL_LEADER_LEASE_MS: "1000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const line = output.split("\n").find((l) => l.includes("Myzel is ready"));
      if (line) resolve(JSON.parse(line).url);
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await once(child, "exit");
    }
  });
  return { child, ready };
}

const isLeader = async (url: string) => ((await (await fetch(`${url}/health`)).json()) as { leader: boolean }).leader;

describe("leader lease", () => {
  it("lets exactly one of two servers lead, and hands over when the leader dies", async () => {
    const port = await findFreePort();
    const redis = await spawnUntilReady(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        ready: /Ready to accept connections/,
        timeoutMs: 10_000,
        name: "redis-server",
        log: createLogger("silent"),
      },
    );
    cleanups.push(async () => redis.kill("SIGKILL"));
    await admin((c) => c.query(`CREATE DATABASE "${database}"`));
    cleanups.push(() => admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)));
    const databaseUrl = inject("databaseUrl").replace(/\/[^/?]+(\?|$)/, `/${database}$1`);
    // Servers behind one address share the key that signs sessions.
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      MYZEL_AUTH_SECRET: "leader-test-secret-of-at-least-32-chars",
    };

    // Both start at once on an empty database: the migrations' lock keeps them from colliding.
    const servers = [startServer(env), startServer(env)];
    const urls = await Promise.all(servers.map((s) => s.ready));
    await expect
      .poll(async () => (await Promise.all(urls.map(isLeader))).filter(Boolean).length, { timeout: 5_000 })
      .toBe(1);
    const leaders = await Promise.all(urls.map(isLeader));
    const leader = leaders.indexOf(true);
    const follower = 1 - leader;

    const killedAt = Date.now();
    servers[leader]!.child.kill("SIGKILL");
    await expect.poll(() => isLeader(urls[follower]!), { timeout: 10_000 }).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
  });
});

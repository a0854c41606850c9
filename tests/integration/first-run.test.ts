/**
 * A fresh installation without MYZEL_ADMIN_EMAIL: nothing is open until someone creates the
 * first admin, which works exactly once, even when two people try at the same moment.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hashPassword } from "better-auth/crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type MyzelServer, startMyzel } from "../../src/boot/start-myzel";
import { createMyzelClient } from "../../src/client";
import { loadSettings } from "../../src/env";
import { createLogger } from "../../src/infra/logger";
import { signIn } from "./helpers";

const database = `myzel_first_run_${process.pid}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "myzel-first-run-"));
let server: MyzelServer;

async function onDatabase(statement: string) {
  const db = new pg.Client({ connectionString: server.deps.settings.DATABASE_URL });
  await db.connect();
  return (await db.query(statement).finally(() => db.end())).rows;
}

async function onMainDatabase(statement: string) {
  const db = new pg.Client({ connectionString: inject("databaseUrl") });
  await db.connect();
  await db.query(statement).finally(() => db.end());
}

beforeAll(async () => {
  await onMainDatabase(`CREATE DATABASE "${database}"`);
  const settings = loadSettings({
    PATH: process.env.PATH,
    NODE_ENV: "test",
    MYZEL_DATA_DIR: dataDir,
    MYZEL_PORT: "0",
    MYZEL_RUNNER_ENABLED: "false",
    DATABASE_URL: inject("databaseUrl").replace(/\/[^/?]+(\?|$)/, `/${database}$1`),
    // A Redis database of its own: no shared lease, queues or sign-in counts with the main server.
    REDIS_URL: `${inject("redisUrl").replace(/\/\d*$/, "")}/3`,
  });
  server = await startMyzel({ settings, log: createLogger("silent"), withNext: false });
});

afterAll(async () => {
  await server?.stop();
  await onMainDatabase(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  rmSync(dataDir, { recursive: true, force: true });
});

const setup = (body: unknown) =>
  fetch(`${server.url}/api/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("first run", () => {
  it("opens nothing but the setup until the first admin exists", async () => {
    const anonymous = createMyzelClient({ url: server.url });
    expect(await anonymous.setup.status.query({})).toEqual({ needsSetup: true });
    await expect(anonymous.clusters.list.query({})).rejects.toThrow(/sign in/);
  });

  it("checks the first admin's details and says what is wrong", async () => {
    const response = await setup({ name: "Ada", email: "not-an-email", password: "short" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: Array<{ path: string; message: string }> };
    expect(body.issues).toEqual([
      { path: "email", message: "expected an email address" },
      { path: "password", message: "at least 10 characters" },
    ]);
  });

  it("creates the first admin once, even when two try at the same moment", async () => {
    const [first, second] = await Promise.all([
      setup({ name: "Ada", email: "Ada@Example.com", password: "first-admin-password" }),
      setup({ name: "Eve", email: "eve@example.com", password: "second-admin-password" }),
    ]);
    expect([first!.status, second!.status].sort()).toEqual([200, 409]);
    const winner =
      first!.status === 200
        ? { email: "ada@example.com", password: "first-admin-password" }
        : { email: "eve@example.com", password: "second-admin-password" };
    const refused = (await (first!.status === 409 ? first! : second!).json()) as { message: string };
    expect(refused.message).toContain("already set up");

    const cookie = await signIn(winner.email, winner.password, server.url);
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ type: "user", name: winner.email, role: "ADMIN" });
    expect(await createMyzelClient({ url: server.url }).setup.status.query({})).toEqual({ needsSetup: false });

    const audit = await fetch(`${server.url}/api/audit-log?action=setup.createAdmin`, { headers: { cookie } });
    const entries = ((await audit.json()) as { items: Array<{ actorType: string; outcome: string }> }).items;
    // The refusals (bad input, the loser of the race) were anonymous: anyone could repeat them to fill the log.
    expect(entries.map((e) => `${e.actorType}:${e.outcome}`)).toEqual(["anonymous:ok"]);
  });

  it("refuses setup once done without hashing a password", async () => {
    const cpuOf = async (work: () => Promise<unknown>) => {
      const before = process.cpuUsage();
      await work();
      const used = process.cpuUsage(before);
      return used.user + used.system;
    };
    // What one password hash costs this process on this machine, measured in the same run.
    const oneHash = await cpuOf(() => hashPassword("a-password-to-measure"));
    const refusals = await cpuOf(async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const response = await setup({ name: "Mallory", email: "m@example.com", password: "guess-guess-guess" });
        expect(response.status).toBe(409);
      }
    });
    expect(refusals).toBeLessThan(oneHash);
  });

  it("limits setup attempts per client address, and logs none of the refusals", async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let attempt = 0; attempt < 11 && !refused; attempt++) {
      const response = await setup({ name: "Mallory", email: "m@example.com", password: "guess-guess-guess" });
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    // Ten attempts per window (the default), counted from the first: the earlier tests used some.
    expect(statuses.slice(0, -1).every((status) => status === 409)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(((await refused!.json()) as { message: string }).message).toMatch(
      /too many setup attempts.*try again in \d+ s/,
    );
    const rows = await onDatabase("SELECT count(*)::int AS n FROM audit_log WHERE action = 'setup.createAdmin'");
    expect(rows).toEqual([{ n: 1 }]);
  });
});

/**
 * The server as users run it (`node --import tsx src/server.ts`): starts with the embedded
 * PostgreSQL and Redis, keeps its data across restarts, recovers from being killed, stops
 * cleanly on SIGTERM, and refuses a bad setting with a clear message.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive } from "../../src/infra/embedded/child-service";
import { signIn } from "./helpers";

const root = path.resolve(import.meta.dirname, "../..");
const dataDir = path.join(os.tmpdir(), `myzel-process-${process.pid}`);
const withDashboard = existsSync(path.join(root, ".next/BUILD_ID"));
const ADMIN = { email: "owner@myzel.test", password: "process-admin-pw" };

function startServer(extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      MYZEL_DATA_DIR: dataDir,
      MYZEL_PORT: "0",
      MYZEL_LOG_LEVEL: "info",
      MYZEL_ADMIN_EMAIL: ADMIN.email,
      MYZEL_ADMIN_PASSWORD: ADMIN.password,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const ready = new Promise<{ url: string; startupMs: number }>((resolve, reject) => {
    child.stdout!.on("data", () => {
      const line = output.split("\n").find((l) => l.includes("Myzel is ready"));
      if (line) resolve(JSON.parse(line));
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, ready, output: () => output };
}

function servicePids(): number[] {
  const pids = [path.join(dataDir, "postgres/postmaster.pid"), path.join(dataDir, "redis/redis.pid")]
    .filter(existsSync)
    .map((file) => Number.parseInt(readFileSync(file, "utf8"), 10));
  return pids.filter((pid) => isAlive(pid));
}

async function exitOf(child: ChildProcess) {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, "exit");
  return code as number;
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the server process", () => {
  beforeAll(() => {
    if (!withDashboard) throw new Error("no dashboard build: run `npm run build` first (npm test does)");
  });

  it("starts from nothing, serves the dashboard, and stops everything on SIGTERM", async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const server = startServer();
    const { url } = await server.ready;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const signInPage = await fetch(`${url}/clusters`, { redirect: "manual" });
    expect(signInPage.status).toBe(302);
    expect(signInPage.headers.get("location")).toBe("/sign-in?next=%2Fclusters");
    const cookie = await signIn(ADMIN.email, ADMIN.password, url);
    const page = await fetch(`${url}/clusters`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Myzel");
    const created = await fetch(`${url}/api/clusters`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ blueprintId: "marketing-v1", name: "survives restarts" }),
    });
    expect(created.status).toBe(200);

    const pids = servicePids();
    expect(pids).toHaveLength(2);
    server.child.kill("SIGTERM");
    expect(await exitOf(server.child)).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(server.output()).toContain("shutting down");
    expect(server.output()).toContain("first admin created from MYZEL_ADMIN_EMAIL");
    expect(server.output()).not.toContain(ADMIN.password);
  });

  it("keeps its data across a restart and recovers after being killed with SIGKILL", async () => {
    const first = startServer();
    const { url } = await first.ready;
    // The session key was generated on the first start and kept in the data folder.
    const cookie = await signIn(ADMIN.email, ADMIN.password, url);
    const list = await (await fetch(`${url}/api/clusters?search=survives`, { headers: { cookie } })).json();
    expect(list.items.map((c: { name: string }) => c.name)).toEqual(["survives restarts"]);

    first.child.kill("SIGKILL");
    await exitOf(first.child);
    // Its PostgreSQL and Redis outlive it; the next start must take over cleanly.
    const second = startServer();
    const again = await second.ready;
    expect((await fetch(`${again.url}/health`)).status).toBe(200);
    second.child.kill("SIGTERM");
    expect(await exitOf(second.child)).toBe(0);
    expect(servicePids()).toEqual([]);
    // Two starts and a restart of the embedded services, each with its role and folder checks.
  }, 90_000);
});

describe("configuration errors", () => {
  it("stop start-up with the variable's name and value", async () => {
    const server = startServer({ MYZEL_PORT: "eighty", MYZEL_HIBERNATION_ENABLED: "perhaps" });
    await expect(server.ready).rejects.toThrow();
    expect(server.child.exitCode).toBe(2);
    expect(server.output()).toContain('MYZEL_PORT="eighty"');
    expect(server.output()).toContain('MYZEL_HIBERNATION_ENABLED="perhaps": expected true or false');
  });
});

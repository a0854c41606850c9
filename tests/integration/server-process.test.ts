/**
 * The server as users run it (`node --import tsx src/server.ts`): starts with the embedded
 * PostgreSQL and Redis, keeps its data across restarts, recovers from being killed, stops
 * cleanly on SIGTERM, and refuses a bad setting with a clear message.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { isAlive } from "../../src/infra/embedded/child-service";
import { signIn } from "./helpers";

const root = path.resolve(import.meta.dirname, "../..");
const dataDir = path.join(os.tmpdir(), `myzel-process-${process.pid}`);
const withDashboard = existsSync(path.join(root, ".next/BUILD_ID"));
const ADMIN = { email: "owner@myzel.test", password: "process-admin-pw" };

function startServer(extraEnv: Record<string, string> = {}, { ownGroup = false } = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: root,
    // As a terminal runs it: the server leads the foreground process group that Ctrl-C signals.
    detached: ownGroup,
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
    expect(created.status).toBe(201);

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

/** Running: in the process table and not a zombie (init reaps orphans, when it reaps at all). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Every process below `root`, with its process group and command line, from /proc. */
function descendants(root: number): Array<{ pid: number; ppid: number; pgid: number; command: string }> {
  const all = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        const [, ppid, pgid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const command = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ").trim();
        return [{ pid: Number(name), ppid: Number(ppid), pgid: Number(pgid), command }];
      } catch {
        return [];
      }
    });
  const found: typeof all = [];
  const below = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all)
      if (below.has(p.ppid) && !below.has(p.pid)) {
        below.add(p.pid);
        found.push(p);
        grew = true;
      }
  }
  return found;
}

describe("a clean shutdown", () => {
  it("after Ctrl-C, stops PostgreSQL, Redis, agents, the spare and a drill's runners, each in its own group, and leaves nothing", async () => {
    const server = startServer({ MYZEL_SHUTDOWN_TIMEOUT_MS: "60000" }, { ownGroup: true });
    // A failed assertion must not leave this server (and all it started) running.
    onTestFinished(async () => {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill("SIGTERM");
        await exitOf(server.child);
      }
    });
    const { url } = await server.ready;
    const cookie = await signIn(ADMIN.email, ADMIN.password, url);
    const call = async (path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "content-type": "application/json", cookie },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
    const cluster = await call("/api/clusters", { blueprintId: "marketing-v1", name: "until shutdown" });
    expect(cluster.status).toBe(201);
    expect((await call(`/api/clusters/${cluster.body.id}/wait?status=ACTIVE&timeoutMs=60000`)).body.status).toBe(
      "ACTIVE",
    );
    // A drill with runners of its own, still running when the server is stopped.
    const drill = await call("/api/drills", {
      tasks: 10,
      durationSeconds: 3600,
      agentKills: 0,
      agentHangs: 0,
      runnerKills: 1,
      redisRestart: false,
      workers: 2,
    });
    expect(drill.status, JSON.stringify(drill.body)).toBe(201);
    const pid = server.child.pid!;
    // The drill makes its cluster ACTIVE first, then starts its runners: minutes on a loaded machine.
    await expect
      .poll(() => descendants(pid).some((p) => p.command.includes("src/runner/main.ts")), { timeout: 180_000 })
      .toBe(true);
    await expect
      .poll(() => descendants(pid).filter((p) => /agent[^ ]*\.cjs/.test(p.command)).length, { timeout: 120_000 })
      .toBeGreaterThanOrEqual(3);

    const before = descendants(pid);
    const children = before.filter((p) => p.ppid === pid);
    const kinds = (pattern: RegExp) => children.filter((p) => pattern.test(p.command));
    expect(kinds(/postgres/).length).toBe(1);
    expect(kinds(/redis-server/).length).toBe(1);
    expect(kinds(/src\/runner\/main\.ts/).length).toBeGreaterThanOrEqual(1);
    expect(kinds(/agent[^ ]*\.cjs/).length).toBeGreaterThanOrEqual(2);
    // Each child leads a group of its own; none is in the server's, which the terminal signals.
    // (Short-lived helpers, such as a `ps` run for a sample, are left out.)
    const started = children.filter((p) =>
      /postgres|redis-server|src\/runner\/main\.ts|agent[^ ]*\.cjs/.test(p.command),
    );
    for (const child of started) expect(child.pgid, child.command).toBe(child.pid);

    // Ctrl-C: SIGINT to the server's whole process group.
    process.kill(-pid, "SIGINT");
    // The log says why when it is not 0.
    expect(await exitOf(server.child), server.output().slice(-4000)).toBe(0);
    await expect
      .poll(() => before.filter((p) => running(p.pid)).map((p) => p.command), { timeout: 10_000 })
      .toEqual([]);
    expect(server.output()).not.toContain("error during shutdown");
    expect(server.output()).not.toContain("shutdown took too long");
  }, 480_000);
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

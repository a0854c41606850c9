/**
 * Partitions with a real network. A runner in a network namespace reaches Redis and PostgreSQL
 * over a veth link; the link is cut with iptables. The runner fences itself (kills its agents)
 * before its heartbeat can expire, the control plane starts the agents on the server's node,
 * every task finishes exactly once, and when the link returns the runner runs nothing that moved.
 * And a deposed leader's late write is refused where desired state is written (PostgreSQL).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import { FencedOut, fencedWrite } from "../../src/core/leader-fence";
import { createDatabase } from "../../src/infra/database/client";
import {
  client,
  deleteCreatedClusters,
  signIn,
  sql,
  track,
  uniqueName,
  uploadBlueprint,
  waitForStatus,
} from "./helpers";
import { createNetNamespace, type NetNamespace } from "./net-partition";
import { type RunnerProcess, startRunner } from "./node-runners";
import { type SideServer, startSideServer } from "./side-server";

const NODE = `partitioned-${process.pid}`;
let ns: NetNamespace;
let runner: RunnerProcess | undefined;

beforeAll(async () => {
  ns = await createNetNamespace("part");
});
afterAll(async () => {
  try {
    await deleteCreatedClusters();
  } finally {
    await runner?.stop();
  }
  await ns?.remove();
  await client()
    .nodes.remove.mutate({ id: NODE })
    .catch(() => {});
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("runner ↔ Redis and PostgreSQL cut", () => {
  it("fences the cut-off runner, runs its agents elsewhere, finishes every task once, and runs nothing twice on rejoin", async () => {
    runner = await startRunner(
      NODE,
      {},
      {
        command: ns.exec,
        redisUrl: await ns.forward(inject("redisUrl")),
        databaseUrl: await ns.forward(inject("databaseUrl")),
      },
    );
    // As an operator would: the node is listed ready before work is placed on it.
    await expect.poll(async () => (await client().nodes.get.query({ id: NODE })).state).toBe("ready");
    const id = uniqueName("part");
    await uploadBlueprint(`metadata: { id: ${id}, name: Partition, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 10 }
agents:
  - role: supervisor
    name: Boss
  - role: worker
    name: Worker
    reports_to: supervisor
    count: 1-10
    placement: { spread: true }
    runtime: { type: builtin, behaviour: sleep, sleep_ms: 2000 }
`);
    const created = await client().clusters.create.mutate({ name: uniqueName("c"), blueprintId: id, targetWorkers: 5 });
    track(created.id);
    await waitForStatus(created.id, "ACTIVE");
    const workers = async () =>
      (await client().agents.list.query({ id: created.id })).filter((a) => a.role === "worker");
    const cutOff = (await workers()).filter((a) => a.nodeId === NODE);
    const nodes = (await client().nodes.list.query({})).map((n) => `${n.id}: ${n.state}, ${n.running} running`);
    expect(cutOff.length, `workers spread over ${nodes.join("; ")}`).toBe(2);
    const pids = cutOff.map((a) => a.pid!);

    const { taskIds } = await client().tasks.submitMany.mutate({
      id: created.id,
      tasks: Array.from({ length: 12 }, (_, i) => ({ role: "worker", payload: { prompt: `p${i}` } })),
    });
    await expect
      .poll(async () => (await workers()).filter((a) => a.nodeId === NODE && a.status === "BUSY").length)
      .toBeGreaterThan(0);

    const cutAt = Date.now();
    ns.cut();
    // Elsewhere and running: at that moment the fenced runner's agent processes are already gone.
    await expect
      .poll(
        async () =>
          (await workers()).filter((a) => a.nodeId !== NODE && a.nodeId !== null && ["IDLE", "BUSY"].includes(a.status))
            .length,
        { timeout: 20_000, interval: 100 },
      )
      .toBe(4);
    const failoverMs = Date.now() - cutAt;
    expect(pids.filter(alive)).toEqual([]);

    await expect
      .poll(
        async () =>
          (await Promise.all(taskIds.map((t) => client().tasks.get.query({ id: t })))).filter(
            (t) => t.status === "SUCCEEDED",
          ).length,
        { timeout: 40_000, interval: 500 },
      )
      .toBe(12);

    const healAt = Date.now();
    ns.heal();
    await expect.poll(() => runner!.output().includes("the fence is lifted"), { timeout: 20_000 }).toBe(true);
    await expect
      .poll(async () => (await client().nodes.get.query({ id: NODE })).state, { timeout: 10_000 })
      .toBe("ready");
    const rejoinMs = Date.now() - healAt;
    // Back, it runs only what is assigned to it now: nothing of what moved.
    expect((await workers()).filter((a) => a.nodeId === NODE)).toEqual([]);
    const node = await client().nodes.get.query({ id: NODE });
    expect(node.running).toBe(0);
    expect(node.failovers).toBe(1);
    const tasks = await Promise.all(taskIds.map((t) => client().tasks.get.query({ id: t })));
    expect(tasks.map((t) => [t.status, t.duplicateRuns])).toEqual(Array(12).fill(["SUCCEEDED", 0]));
    const fenced = await client().healing.history.query({ kind: "node_fenced", limit: 5 });
    expect(fenced.items.find((e) => e.nodeId === NODE)).toMatchObject({ outcome: "ok" });
    const lost = await client().healing.history.query({ kind: "node_lost", limit: 5 });
    expect(lost.items.find((e) => e.nodeId === NODE)).toMatchObject({ outcome: "ok" });

    console.log(
      [
        "partition drill: runner ↔ Redis/PostgreSQL (network namespace, iptables DROP on the veth link)",
        `  agents on the cut-off node: ${cutOff.length}; their processes killed by the self-fence: ${pids.length}`,
        `  cut → agents running on another node: ${failoverMs} ms (goal ≤ 5000 ms)`,
        `  tasks accepted: ${tasks.length}; succeeded: ${tasks.filter((t) => t.status === "SUCCEEDED").length}; run twice: ${tasks.reduce((s, t) => s + t.duplicateRuns, 0)}`,
        `  heal → node ready again: ${rejoinMs} ms; agents it runs after rejoin: ${node.running}`,
      ].join("\n"),
    );
  }, 120_000);
});

describe("server ↔ server: the leader's epoch at the write", () => {
  let side: SideServer;
  beforeAll(async () => {
    side = await startSideServer("fence", 6);
  });
  afterAll(async () => {
    await side?.stop();
  });

  it("refuses a deposed leader's late write, and a new leader's first write waits for the old one's to end", async () => {
    const db = createDatabase(side.server.infrastructure.databaseUrl);
    try {
      const order: string[] = [];
      const capacity = (value: number) => (tx: Parameters<Parameters<typeof fencedWrite>[2]>[0]) =>
        tx.node.upsert({
          where: { id: "fence-probe" },
          create: { id: "fence-probe", hostname: "probe", pid: 1, capacity: value },
          update: { capacity: value },
        });
      await fencedWrite(db, { epoch: 1000, holder: "old" }, capacity(1));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const oldWrite = fencedWrite(db, { epoch: 1000, holder: "old" }, async (tx) => {
        await capacity(2)(tx);
        order.push("old wrote");
        await held;
        order.push("old commits");
      });
      await expect.poll(() => order).toEqual(["old wrote"]);
      const newWrite = fencedWrite(db, { epoch: 1001, holder: "new" }, async (tx) => {
        order.push("new writes");
        await capacity(3)(tx);
      });
      release();
      await Promise.all([oldWrite, newWrite]);
      expect(order).toEqual(["old wrote", "old commits", "new writes"]);

      await expect(fencedWrite(db, { epoch: 1000, holder: "old" }, capacity(4))).rejects.toBeInstanceOf(FencedOut);
      const row = await db.node.findUnique({ where: { id: "fence-probe" } });
      expect(row?.capacity).toBe(3);
      const leader = await db.controlLeader.findUnique({ where: { id: 1 } });
      expect(leader).toMatchObject({ epoch: 1001, holder: "new" });
      expect(leader!.failovers).toBeGreaterThanOrEqual(1);
    } finally {
      await db.$disconnect();
    }
  });
});

describe("server ↔ PostgreSQL cut", () => {
  const database = `myzel_pgcut_${process.pid}`;
  let server: ChildProcess | undefined;
  beforeAll(async () => {
    await sql(`CREATE DATABASE "${database}"`);
  });
  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill("SIGTERM");
      await once(server, "exit");
    }
    await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it("answers 503 with Retry-After while PostgreSQL is out of reach, keeps what it accepted, and recovers by itself", async () => {
    const databaseUrl = await ns.forward(inject("databaseUrl").replace(/\/[^/?]+(\?|$)/, `/${database}$1`));
    const databasePort = Number(new URL(databaseUrl).port);
    const url = `http://${ns.address}:3999`;
    const admin = { email: "pgcut@myzel.test", password: "pgcut-password-0123456789" };
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "myzel-pgcut-"));
    server = spawn(
      ns.exec[0]!,
      [...ns.exec.slice(1), process.execPath, "--import", "tsx", "tests/integration/api-server-process.ts"],
      {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: {
          PATH: process.env.PATH,
          NODE_ENV: "production",
          MYZEL_DATA_DIR: dataDir,
          MYZEL_HOST: ns.address,
          MYZEL_PORT: "3999",
          MYZEL_PUBLIC_URL: url,
          MYZEL_RUNNER_ENABLED: "false",
          DATABASE_URL: databaseUrl,
          // A Redis database of its own: on the suite's, it would take part in leading its server's clusters.
          REDIS_URL: `${(await ns.forward(inject("redisUrl"))).replace(/\/\d*$/, "")}/5`,
          MYZEL_ADMIN_EMAIL: admin.email,
          MYZEL_ADMIN_PASSWORD: admin.password,
          MYZEL_AUTH_SECRET: "pgcut-secret-0123456789-abcdefghijklmn",
          // Short bounds so the test sees the 503s soon; the defaults are 5 s and 30 s.
          MYZEL_DB_CONNECT_TIMEOUT_MS: "1500",
          MYZEL_DB_QUERY_TIMEOUT_MS: "3000",
          MYZEL_LOG_LEVEL: "info",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    server.stderr!.on("data", (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on("data", (chunk) => {
        output += chunk;
        if (output.includes("Myzel is ready")) resolve();
      });
      server!.once("exit", (code) => reject(new Error(`the server exited with ${code}: ${output.slice(-3000)}`)));
    });
    onTestFailed(() => console.log(`the server in the namespace said:\n${output.slice(-6000)}`));
    const cookie = await signIn(admin.email, admin.password, url);
    const call = (method: string, route: string, body?: string) =>
      fetch(`${url}${route}`, {
        method,
        headers: { cookie, origin: url, ...(body ? { "content-type": "application/yaml" } : {}) },
        body,
      });
    const blueprint = (id: string) => `metadata: { id: ${id}, name: Cut, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 2 }
agents:
  - { role: worker, name: Worker }
`;
    expect((await call("POST", "/api/blueprints", blueprint("before-cut"))).status).toBe(201);

    const cutAt = Date.now();
    ns.cut(databasePort);
    const read = await call("GET", "/api/blueprints");
    const readMs = Date.now() - cutAt;
    const write = await call("POST", "/api/blueprints", blueprint("during-cut"));
    for (const answer of [read, write]) {
      expect(answer.status, await answer.clone().text()).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("5");
      expect(await answer.json()).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        detail: expect.stringContaining("PostgreSQL"),
      });
    }

    // Signing in needs PostgreSQL too: the same answer, not a 500.
    const signInDuringCut = await fetch(`${url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify(admin),
    });
    expect(signInDuringCut.status).toBe(503);
    expect(signInDuringCut.headers.get("retry-after")).toBe("5");

    const healAt = Date.now();
    ns.heal(databasePort);
    // The same process, nothing restarted: the pool connects afresh.
    await expect
      .poll(async () => (await call("GET", "/api/blueprints")).status, { timeout: 30_000, interval: 250 })
      .toBe(200);
    const recoveredMs = Date.now() - healAt;
    expect(server.exitCode).toBeNull();
    const ids = ((await (await call("GET", "/api/blueprints")).json()) as { id: string }[]).map((b) => b.id);
    // What was accepted is there; what was refused with 503 is not, and goes through when sent again.
    expect(ids).toContain("before-cut");
    expect(ids).not.toContain("during-cut");
    expect((await call("POST", "/api/blueprints", blueprint("during-cut"))).status).toBe(201);
    console.log(
      [
        "partition drill: server ↔ PostgreSQL (network namespace, iptables DROP on the database's link)",
        `  cut → first answer (503, Retry-After 5): ${readMs} ms`,
        `  heal → answers 200 again, same process: ${recoveredMs} ms`,
      ].join("\n"),
    );
  }, 120_000);
});

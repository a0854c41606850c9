/**
 * `npm run runner`: a second runner process joins, takes its share of new agents, and on
 * SIGTERM drains them; the control plane starts them again on the node that is left.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, inject, it } from "vitest";
import type { MyzelEvent } from "../../src/schemas/events";
import {
  activeCluster,
  client,
  deleteCreatedClusters,
  rest,
  teamBlueprint,
  uploadBlueprint,
  watchEvents,
} from "./helpers";

let socket: Socket | undefined;
afterEach(async () => {
  socket?.disconnect();
  await deleteCreatedClusters();
});

function startRunner(nodeId: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/runner/main.ts"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      DATABASE_URL: inject("databaseUrl"),
      REDIS_URL: inject("redisUrl"),
      MYZEL_NODE_ID: nodeId,
      MYZEL_LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Myzel runner is ready")) resolve();
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => reject(new Error(`runner exited with ${code}: ${output}`)));
  });
  return { child, ready };
}

describe("a second runner", () => {
  it("takes a share of new agents, and hands them back when it stops", async () => {
    const runner = startRunner("second-runner");
    await runner.ready;
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await activeCluster({ blueprintId: id, targetWorkers: 6 });
    const agents = await client().agents.list.query({ id: cluster.id });
    const onSecond = agents.filter((a) => a.nodeId === "second-runner");
    expect(onSecond.length).toBeGreaterThan(0);
    expect(onSecond.length).toBeLessThan(6);

    runner.child.kill("SIGTERM");
    const [code] = await once(runner.child, "exit");
    expect(code).toBe(0);
    await expect
      .poll(
        async () =>
          (await client().agents.list.query({ id: cluster.id })).map(
            (a) => `${a.status}@${a.nodeId === "second-runner" ? "second" : "server"}`,
          ),
        { timeout: 20_000 },
      )
      .toEqual(Array(6).fill("IDLE@server"));
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 });
    expect(task.status).toBe("SUCCEEDED");
  });
});

describe("a runner that dies", () => {
  it("is noticed by its missed heartbeats; its agents run again elsewhere, and it rejoins without duplicates", async () => {
    const runner = startRunner("doomed-runner");
    await runner.ready;
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await activeCluster({ blueprintId: id, targetWorkers: 6 });
    const moved = (await client().agents.list.query({ id: cluster.id })).filter((a) => a.nodeId === "doomed-runner");
    expect(moved.length).toBeGreaterThan(0);

    const killedAt = Date.now();
    runner.child.kill("SIGKILL");
    await expect
      .poll(
        async () =>
          (await client().agents.list.query({ id: cluster.id })).every(
            (a) => a.status === "IDLE" && a.nodeId !== "doomed-runner",
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
    const recoveredMs = Date.now() - killedAt;
    expect(recoveredMs).toBeLessThan(20_000);
    const lost = (await rest("/api/healing-history?kind=node_lost")).body.items.find(
      (e: { subject: string }) => e.subject === "node doomed-runner",
    );
    expect(lost).toMatchObject({ severity: "critical", outcome: "ok" });
    expect(lost.action).toContain(`${moved.length} agents placed on other nodes`);

    const back = startRunner("doomed-runner");
    await back.ready;
    const after = await client().agents.list.query({ id: cluster.id });
    expect(after).toHaveLength(6);
    expect(after.filter((a) => a.nodeId === "doomed-runner")).toEqual([]);
    back.child.kill("SIGTERM");
    await once(back.child, "exit");
  });
});

describe("an agent that starts", () => {
  it("names its process from the moment it is forked, not only once it is ready", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await activeCluster({ blueprintId: id, targetWorkers: 3 });
    const watching = await watchEvents({ clusterId: cluster.id });
    socket = watching.socket;
    const victim = (await client().agents.list.query({ id: cluster.id }))[0]!;

    process.kill(victim.pid!, "SIGKILL");
    const statusOf = (e: MyzelEvent) => (e.type === "agent.status" && e.agentId === victim.id ? e : undefined);
    await expect
      .poll(() => watching.received.some((e) => statusOf(e)?.status === "IDLE" && statusOf(e)?.pid !== victim.pid), {
        timeout: 20_000,
      })
      .toBe(true);
    const restart = watching.received
      .map(statusOf)
      .filter((e) => e && e.pid !== victim.pid && ["STARTING", "IDLE"].includes(e.status));
    // While it starts, the record already names the process that becomes ready: a process on the
    // host is never one that no agent claims.
    expect(restart.map((e) => [e!.status, e!.pid])).toEqual([
      ["STARTING", restart.at(-1)!.pid],
      ["IDLE", restart.at(-1)!.pid],
    ]);
  });
});

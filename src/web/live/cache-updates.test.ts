import { describe, expect, it } from "vitest";
import type { MyzelEventOf } from "@/schemas/events";
import type { Agent, HealingPage, Hierarchy, MetricsHistory, SystemHealth, Task, TaskPage } from "../lib/api-types";
import {
  applyAgentStatus,
  applyAgentStatusToHierarchy,
  applyHealing,
  applyMetricSample,
  applySystemSample,
  applyTasksFinished,
  applyTasksStarted,
  healingEntryOf,
  matchesHealingFilters,
} from "./cache-updates";

const at = "2026-11-24T10:00:00.000Z";

function agent(id: string, reportsToId: string | null = null): Agent {
  return {
    id,
    clusterId: "c1",
    key: id,
    role: "worker",
    tier: "worker",
    name: id,
    capabilities: [],
    status: "IDLE",
    reportsToId,
    runtime: "builtin",
    addedManually: false,
    nodeId: "n1",
    placementWait: null,
    moving: false,
    pid: 100,
    startedAt: "2026-11-24T09:00:00.000Z",
    restartCount: 0,
    circuit: "closed",
    createdAt: "2026-11-24T09:00:00.000Z",
    removedAt: null,
  };
}

const status = (
  agentId: string,
  s: "STARTING" | "IDLE" | "FAILED",
  pid: number | null,
): MyzelEventOf<"agent.status"> => ({
  type: "agent.status",
  clusterId: "c1",
  at,
  agentId,
  key: agentId,
  status: s,
  pid,
  circuit: s === "FAILED" ? "open" : "closed",
});

describe("agent status", () => {
  it("updates the agent's status, process and circuit in a list, and restarts its uptime with a new process", () => {
    const agents = [agent("a"), agent("b")];
    const next = applyAgentStatus(agents, status("b", "STARTING", 200))!;
    expect(next[0]).toBe(agents[0]);
    expect(next[1]).toMatchObject({ status: "STARTING", pid: 200, circuit: "closed", startedAt: at });
  });

  it("returns the same list when the event changes nothing or concerns another agent", () => {
    const agents = [agent("a")];
    expect(applyAgentStatus(agents, status("a", "IDLE", 100))).toBe(agents);
    expect(applyAgentStatus(agents, status("x", "FAILED", null))).toBe(agents);
    expect(applyAgentStatus(undefined, status("a", "FAILED", null))).toBeUndefined();
  });

  it("finds the agent anywhere in the tree and leaves the other branches as they were", () => {
    const tree: Hierarchy = {
      clusterId: "c1",
      agentCount: 3,
      roots: [
        {
          agent: agent("boss"),
          subordinates: [
            { agent: agent("w1", "boss"), subordinates: [] },
            { agent: agent("w2", "boss"), subordinates: [] },
          ],
        },
      ],
    };
    const next = applyAgentStatusToHierarchy(tree, status("w2", "FAILED", null))!;
    expect(next.roots[0]!.subordinates[1]!.agent).toMatchObject({ status: "FAILED", pid: null, circuit: "open" });
    expect(next.roots[0]!.subordinates[0]).toBe(tree.roots[0]!.subordinates[0]);
    expect(applyAgentStatusToHierarchy(tree, { ...status("w2", "FAILED", null), clusterId: "other" })).toBe(tree);
  });
});

describe("finished tasks", () => {
  const task = (id: string): Task => ({ id, status: "QUEUED", agentId: "a", finishedAt: null }) as Task;
  const finished: MyzelEventOf<"tasks.finished"> = {
    type: "tasks.finished",
    clusterId: "c1",
    at,
    tasks: [{ id: "t2", status: "SUCCEEDED", agentId: "b" }],
  };

  it("marks the tasks of a page finished and keeps the others", () => {
    const page: TaskPage = { items: [task("t1"), task("t2")], total: 2, limit: 50, nextCursor: null, prevCursor: null };
    const next = applyTasksFinished(page, finished)!;
    expect(next.items[0]).toBe(page.items[0]);
    expect(next.items[1]).toMatchObject({ status: "SUCCEEDED", agentId: "b", finishedAt: at });
  });

  it("updates a single task, and returns what it was given when nothing concerns it", () => {
    expect(applyTasksFinished(task("t2"), finished)).toMatchObject({ status: "SUCCEEDED" });
    const other = task("t9");
    expect(applyTasksFinished(other, finished)).toBe(other);
  });
});

describe("started tasks", () => {
  const task = (id: string, status: Task["status"] = "QUEUED"): Task =>
    ({ id, status, agentId: "a", startedAt: null, finishedAt: null }) as Task;
  const started: MyzelEventOf<"tasks.started"> = {
    type: "tasks.started",
    clusterId: "c1",
    at,
    tasks: [{ id: "t2", agentId: "b" }],
  };

  it("shows a queued task running on the agent that started it", () => {
    const page: TaskPage = { items: [task("t1"), task("t2")], total: 2, limit: 50, nextCursor: null, prevCursor: null };
    const next = applyTasksStarted(page, started)!;
    expect(next.items[0]).toBe(page.items[0]);
    expect(next.items[1]).toMatchObject({ status: "RUNNING", agentId: "b", startedAt: at });
  });

  it("never moves a finished task back to running (events may arrive out of order)", () => {
    const done = task("t2", "SUCCEEDED");
    expect(applyTasksStarted(done, started)).toBe(done);
  });
});

describe("healing history", () => {
  const event = (id: string, extra: Partial<MyzelEventOf<"healing">> = {}): MyzelEventOf<"healing"> => ({
    type: "healing",
    clusterId: "c1",
    at,
    id,
    kind: "agent_crashed",
    severity: "warning",
    subject: "w1",
    agentId: "a1",
    detail: "exited with SIGKILL",
    action: null,
    actor: "auto",
    outcome: "pending",
    durationMs: null,
    ...extra,
  });
  const empty: HealingPage = { items: [], total: 0, limit: 2, nextCursor: null, prevCursor: null };

  it("puts a new entry on top of the first page, within its size", () => {
    const one = applyHealing(empty, {}, event("h1"))!;
    const two = applyHealing(one, {}, event("h2"))!;
    const three = applyHealing(two, {}, event("h3"))!;
    expect(three.items.map((e) => e.id)).toEqual(["h3", "h2"]);
    expect(three.total).toBe(3);
  });

  it("updates an entry in place when its outcome arrives", () => {
    const page = applyHealing(empty, {}, event("h1"))!;
    const done = applyHealing(page, {}, event("h1", { outcome: "ok", action: "restarted", durationMs: 90 }))!;
    expect(done.items).toHaveLength(1);
    expect(done.items[0]).toMatchObject({ outcome: "ok", action: "restarted", durationMs: 90, finishedAt: at });
    expect(done.total).toBe(1);
  });

  it("leaves lists alone whose filters the entry does not match, and later pages", () => {
    expect(applyHealing(empty, { kind: "redis_down" }, event("h1"))).toBe(empty);
    expect(applyHealing(empty, { actor: "person" }, event("h1"))).toBe(empty);
    expect(applyHealing({ ...empty, prevCursor: "newer-rows" }, {}, event("h1"))!.items).toEqual([]);
  });

  it("matches every filter the history offers", () => {
    const entry = healingEntryOf(
      event("h1", { clusterId: null, actor: "dashboard or api", severity: "info", outcome: "ok" }),
    );
    expect(
      matchesHealingFilters(entry, {
        actor: "person",
        severity: "info",
        outcome: "ok",
        since: "2026-11-24T09:00:00.000Z",
      }),
    ).toBe(true);
    expect(matchesHealingFilters(entry, { clusterId: "c1" })).toBe(false);
    expect(matchesHealingFilters(entry, { since: "2026-11-24T11:00:00.000Z" })).toBe(false);
  });
});

describe("system sample", () => {
  const health: SystemHealth = {
    status: "ok",
    nodeId: "n1",
    leader: true,
    uptimeSeconds: 10,
    sampledAt: "2026-11-24T09:59:00.000Z",
    thresholds: { cpuWarningPercent: 90, memoryCriticalPercent: 85, diskCriticalPercent: 90 },
    cpu: { percent: 10, level: "ok" },
    memory: { percent: 40, level: "ok" },
    disk: { percent: 50, level: "ok" },
    redis: { status: "up", latencyMs: 0.4, managed: true },
    database: { status: "up", latencyMs: 1.2 },
  };

  it("recolours the figures by the thresholds the server sent, and takes the worst as the status", () => {
    const next = applySystemSample(health, {
      type: "system.sample",
      at,
      nodeId: "n1",
      cpuPercent: 95.04,
      memoryPercent: 80,
      diskPercent: 50,
      redisUp: true,
      databaseUp: true,
    })!;
    expect(next).toMatchObject({
      status: "warning",
      cpu: { percent: 95, level: "warning" },
      memory: { level: "warning" },
      disk: { level: "ok" },
      sampledAt: at,
    });
    const down = applySystemSample(health, {
      type: "system.sample",
      at,
      nodeId: "n1",
      cpuPercent: 5,
      memoryPercent: 5,
      diskPercent: 5,
      redisUp: false,
      databaseUp: true,
    })!;
    expect(down).toMatchObject({ status: "critical", redis: { status: "down", latencyMs: null, managed: true } });
  });
});

describe("metric samples", () => {
  const figures = {
    queueLength: 1,
    queueWaitMs: 0,
    tasksPerMinute: 60,
    avgResponseMs: 5,
    p95ResponseMs: 9,
    errorRate: 0,
    agentsActive: 3,
    agentsIdle: 2,
    agentsBusy: 1,
    agentsFailed: 0,
    cpuPercent: 4,
    memoryMb: 180,
  };
  const point = (iso: string, queueLength = 1) => ({ ...figures, queueLength, sampledAt: iso });
  const history: MetricsHistory = {
    clusterId: "c1",
    windowMinutes: 1,
    bucketSeconds: 10,
    points: [point("2026-11-24T09:59:00.000Z"), point("2026-11-24T09:59:50.000Z")],
  };
  const sample = (iso: string, queueLength: number): MyzelEventOf<"metrics.sample"> => ({
    type: "metrics.sample",
    clusterId: "c1",
    at: iso,
    sample: { ...figures, queueLength },
  });

  it("adds a point in a new bucket and drops points that left the window", () => {
    const next = applyMetricSample(history, sample("2026-11-24T10:00:03.000Z", 7))!;
    expect(next.points.map((p) => [p.sampledAt, p.queueLength])).toEqual([
      ["2026-11-24T09:59:50.000Z", 1],
      ["2026-11-24T10:00:00.000Z", 7],
    ]);
  });

  it("replaces the last point when the sample falls in its bucket, and ignores other clusters and late samples", () => {
    const next = applyMetricSample(history, sample("2026-11-24T09:59:58.000Z", 9))!;
    expect(next.points.at(-1)).toMatchObject({ sampledAt: "2026-11-24T09:59:50.000Z", queueLength: 9 });
    expect(next.points).toHaveLength(2);
    expect(applyMetricSample(history, { ...sample("2026-11-24T10:00:03.000Z", 7), clusterId: "c2" })).toBe(history);
    expect(applyMetricSample(history, sample("2026-11-24T09:59:40.000Z", 7))).toBe(history);
  });
});

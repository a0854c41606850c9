/**
 * The invariants checked after every step. Each failure says what the model expected and
 * what the system showed. Waiting is bounded by generous caps (a bound, not a timing claim).
 */

import { Redis } from "ioredis";
import { STRAY_USER_GRACE_MS } from "../../src/control/reconcile/agent-user-sweep";
import { type ClusterStatus, LIFECYCLE_EVENTS, transition } from "../../src/domain/cluster/lifecycle";
import { agentIdOfUser } from "../../src/infra/acl/acl-rules";
import type { AgentDto, ClusterDto } from "../../src/schemas/cluster-api";
import { compareEventIds } from "../../src/schemas/live";
import type { TaskDto } from "../../src/schemas/task-api";
import { type Api, describe, FINISHED, type Reply } from "./api";
import type { EventWatch } from "./events";
import type { ClusterModel, LifecycleModel, Prediction, TaskRecord } from "./model";
import {
  agentProcesses,
  describeAgents,
  describeProcess,
  isAlive,
  requestedUsers,
  runnerPids,
  uidOf,
  untilGone,
} from "./processes";

/** How long agents may take to match the desired set after a step (node loss and breaker cool-down included). */
export const CONVERGE_MS = 45_000;
const RUNNING = ["IDLE", "BUSY"];
const ALIVE = ["STARTING", "IDLE", "BUSY"];

export class InvariantError extends Error {
  constructor(
    readonly invariant: string,
    message: string,
  ) {
    super(`[${invariant}] ${message}`);
    this.name = "InvariantError";
  }
}

const fail = (invariant: string, message: string): never => {
  throw new InvariantError(invariant, message);
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** No answer of 500 or more among the calls since `from` (the run's first call). */
export function checkNoServerErrors(api: Api, from: number): void {
  const errors = api.serverErrors.slice(from);
  if (errors.length)
    fail("no-5xx", `expected no answer of 500 or more; observed ${errors.length}: ${errors.join(" | ")}`);
}

/** Every answer since `from` keeps to the served OpenAPI document: a documented status, a body its schema takes. */
export function checkAnswersKeepToOpenApi(api: Api, from: number): void {
  const breaches = api.contractBreaches.slice(from);
  if (breaches.length)
    fail("keeps-to-openapi", `${breaches.length} answers break the OpenAPI document: ${breaches.join(" | ")}`);
}

/** The answer is the one the model predicted: 2xx when allowed, one of the predicted 4xx when refused. */
export function checkPrediction(what: string, prediction: Prediction, reply: Reply): void {
  checkNoServerErrors_(what, reply);
  if (prediction.ok && (reply.status < 200 || reply.status > 299))
    fail(
      "predicted-answer",
      `${what}: expected 2xx (the model allows it), observed ${reply.status}: ${describe(reply.body)}`,
    );
  if (!prediction.ok && !prediction.statuses.includes(reply.status)) {
    fail(
      "predicted-answer",
      `${what}: expected ${prediction.statuses.join(" or ")} (${prediction.why}), observed ${reply.status}: ${describe(reply.body)}`,
    );
  }
}

function checkNoServerErrors_(what: string, reply: Reply) {
  if (reply.status >= 500)
    fail("no-5xx", `${what}: expected no 5xx, observed ${reply.status}: ${describe(reply.body)}`);
}

const summary = (agents: AgentDto[]) =>
  agents.map((a) => `${a.key}:${a.status}${a.removedAt ? "(removed)" : ""}${a.pid ? `#${a.pid}` : ""}`).join(", ") ||
  "none";

/** What is wrong with a cluster's agents against the model, or null once they match. */
function agentGap(model: LifecycleModel, c: ClusterModel, agents: AgentDto[]): string | null {
  const current = agents.filter((a) => !a.removedAt);
  const retired = agents.filter((a) => a.removedAt);
  const expectedKeys = model.expectedKeys(c);
  const keys = current.map((a) => a.key).sort();
  if (c.status !== "DESTROYED" && keys.join() !== expectedKeys.join())
    return `expected agents [${expectedKeys.join(", ")}], observed [${keys.join(", ")}]`;
  const shouldRun = c.status === "ACTIVE";
  const wrong = current.filter((a) =>
    shouldRun
      ? !RUNNING.includes(a.status) || !a.pid || !isAlive(a.pid)
      : ALIVE.includes(a.status) || (a.pid !== null && isAlive(a.pid)),
  );
  if (wrong.length)
    return `expected every agent ${shouldRun ? "running (IDLE/BUSY with a live pid)" : "stopped (no live process)"}, observed ${summary(wrong)}`;
  const lingering = retired.filter((a) => ALIVE.includes(a.status) || (a.pid !== null && isAlive(a.pid)));
  if (lingering.length) return `expected retired agents stopped, observed ${summary(lingering)}`;
  return null;
}

/** Waits (bounded) until the cluster is in its settled status and its agents match the model. */
export async function converge(api: Api, model: LifecycleModel, c: ClusterModel): Promise<void> {
  const deadline = Date.now() + CONVERGE_MS;
  const cluster = await api.waitCluster(c.id, c.status, CONVERGE_MS);
  if (cluster.status !== c.status)
    fail(
      "convergence",
      `cluster ${c.name}: expected ${c.status} within ${CONVERGE_MS / 1000} s, observed ${cluster.status}`,
    );
  let gap: string | null = "not checked";
  while (Date.now() < deadline) {
    gap = agentGap(model, c, await api.agents(c.id, true));
    if (!gap) return;
    await sleep(200);
  }
  fail(
    "convergence",
    `cluster ${c.name} (${c.status}, target ${c.planned}, manual ${c.manual.length}) did not converge within ${CONVERGE_MS / 1000} s: ${gap}`,
  );
}

/** Right when the API says ACTIVE, every current agent must run (ACTIVE means "its agents run"). */
export async function checkActiveMeansRunning(api: Api, c: ClusterModel, reportedBy: string): Promise<void> {
  const agents = (await api.agents(c.id)).filter((a) => !a.removedAt);
  const notRunning = agents.filter((a) => !RUNNING.includes(a.status));
  if (notRunning.length) {
    fail(
      "active-means-running",
      `${reportedBy} answered ACTIVE for ${c.name}, expected all ${agents.length} agents running then, observed ${agents.length - notRunning.length} running; not running: ${summary(notRunning)}`,
    );
  }
}

/** No two live agents of a cluster share a key (current ones, and any with a process). */
export function checkKeys(c: ClusterModel, agents: AgentDto[]): void {
  const dupes = (list: AgentDto[]) => {
    const seen = new Map<string, number>();
    for (const a of list) seen.set(a.key, (seen.get(a.key) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k}×${n}`);
  };
  const current = dupes(agents.filter((a) => !a.removedAt));
  if (current.length)
    fail(
      "unique-keys",
      `cluster ${c.name}: expected unique keys among current agents, observed duplicates ${current.join(", ")}`,
    );
  const alive = dupes(agents.filter((a) => ALIVE.includes(a.status)));
  if (alive.length)
    fail(
      "unique-keys",
      `cluster ${c.name}: expected unique keys among live agents, observed duplicates ${alive.join(", ")}`,
    );
}

/** The cluster's figures equal the processes that really run. */
export function checkFigures(
  model: LifecycleModel,
  c: ClusterModel,
  cluster: ClusterDto,
  agents: AgentDto[],
  processes: Map<number, number>,
): void {
  const running = agents.filter((a) => !a.removedAt && RUNNING.includes(a.status));
  const withProcess = running.filter((a) => a.pid !== null && processes.has(a.pid));
  const expected = model.expectedRunning(c);
  if (withProcess.length !== running.length) {
    const missing = running.filter((a) => a.pid === null || !processes.has(a.pid));
    fail(
      "figures-match-processes",
      `cluster ${c.name}: the API says ${running.length} agents run, expected as many agent processes, observed ${withProcess.length}; without a process: ${summary(missing)}`,
    );
  }
  if (running.length !== expected)
    fail(
      "figures-match-processes",
      `cluster ${c.name} (${c.status}): expected ${expected} running agents, the API shows ${running.length}: ${summary(running)}`,
    );
  if (cluster.currentWorkers !== withProcess.length) {
    fail(
      "figures-match-processes",
      `cluster ${c.name} (${cluster.status}): currentWorkers is ${cluster.currentWorkers}, expected ${withProcess.length} (the agent processes running)`,
    );
  }
  if (c.status !== "DESTROYED" && cluster.targetWorkers !== c.planned)
    fail(
      "figures-match-processes",
      `cluster ${c.name}: expected targetWorkers ${c.planned}, observed ${cluster.targetWorkers}`,
    );
}

/**
 * Every agent process under this Myzel's runners belongs to an agent the API lists, but for at
 * most one warm spare per runner; returns live agent pids by parent.
 */
export async function checkNoStrayProcesses(api: Api): Promise<Map<number, number>> {
  const parents = await runnerPids(api.target.databaseUrl);
  const processes = agentProcesses(new Set(parents.keys()));
  const claimed = new Set<number>();
  const clusters = await api.read<{ items: ClusterDto[] }>("/api/clusters?limit=100");
  for (const cluster of clusters.items)
    for (const a of await api.agents(cluster.id, true)) if (a.pid) claimed.add(a.pid);
  const unclaimed = new Map<number, number[]>();
  for (const p of processes) if (!claimed.has(p.pid)) unclaimed.set(p.ppid, [...(unclaimed.get(p.ppid) ?? []), p.pid]);
  for (const [parent, pids] of unclaimed) {
    if (pids.length > 1)
      fail(
        "figures-match-processes",
        `runner ${parents.get(parent)} (pid ${parent}): expected at most 1 agent process no agent claims (its warm spare), observed ${pids.length}: pids ${pids.map(describeProcess).join(", ")}`,
      );
  }
  return new Map(processes.map((p) => [p.pid, p.ppid]));
}

/** With the server as root, no agent process (spares included) runs as root unless its blueprint asked (limits.user: root). */
export async function checkAgentsNotRoot(api: Api, processes: Map<number, number>): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const asked = await requestedUsers(api.target.databaseUrl, [...processes.keys()]);
  const root = [...processes.keys()].filter((pid) => uidOf(pid) === 0 && asked.get(pid) !== "root");
  if (root.length)
    fail(
      "agents-unprivileged",
      `expected agent processes to run as a non-root user, observed uid 0: pids ${root.join(", ")}`,
    );
}

/**
 * The agents with a Redis user of their own are exactly the agents whose process runs: none is
 * left behind by a kill -9, a destroyed cluster or a scale-down. Read after the system settled;
 * a user dropped right after its process exited, or one a race left for the leader's sweep
 * (STRAY_USER_GRACE_MS), gets a moment to go (a bound, not a timing claim).
 */
export async function checkAgentRedisUsers(api: Api, processes: Map<number, number>): Promise<void> {
  const redis = new Redis(api.target.redisUrl, { maxRetriesPerRequest: 3 });
  try {
    const deadline = Date.now() + STRAY_USER_GRACE_MS + 7000;
    let gap = "not checked";
    let leaked: string[] = [];
    while (Date.now() < deadline) {
      const clusters = await api.read<{ items: ClusterDto[] }>("/api/clusters?limit=100");
      const running = new Set<string>();
      for (const cluster of clusters.items)
        for (const a of await api.agents(cluster.id, true))
          if (a.pid && processes.has(a.pid) && ALIVE.includes(a.status)) running.add(a.id);
      const withUser = new Set(
        ((await redis.call("ACL", "USERS")) as string[]).map(agentIdOfUser).filter((id): id is string => !!id),
      );
      leaked = [...withUser].filter((id) => !running.has(id));
      const missing = [...running].filter((id) => !withUser.has(id));
      if (!leaked.length && !missing.length) return;
      gap = `expected a Redis user for each of the ${running.size} running agents and no other, observed users of agents not running: [${leaked.join(", ")}], running agents without one: [${missing.join(", ")}]`;
      await sleep(200);
    }
    fail(
      "agent-redis-users",
      `${gap}; the agents with a user not running: ${await describeAgents(api.target.databaseUrl, leaked)}`,
    );
  } finally {
    redis.disconnect();
  }
}

/** How long an agent process of a killed runner may take to exit: one still loading its code exits once loaded. */
export const ORPHAN_EXIT_MS = 15_000;

/**
 * Agent processes the model saw belong to a killed runner must exit (nobody supervises them).
 * Each exits at its first line once its runner is gone; a warm spare forked just before the
 * kill may still be loading its code when the next check comes, so each gets a bounded while.
 */
export async function checkOrphansGone(pids: number[]): Promise<void> {
  const alive = await untilGone(pids, ORPHAN_EXIT_MS);
  if (alive.length)
    fail(
      "figures-match-processes",
      `expected the agents of a killed runner to exit within ${ORPHAN_EXIT_MS / 1000} s, observed still running: ${alive.map(describeProcess).join(", ")}`,
    );
}

/** Every lifecycle move on the stream is legal by the lifecycle table and continues from the last one. */
export async function checkTransitions(
  events: EventWatch,
  model: LifecycleModel,
  checked: Map<string, number>,
): Promise<void> {
  for (const c of model.clusters) {
    // The stream is asynchronous: give the last move a moment to arrive.
    const deadline = Date.now() + 3000;
    let moves = events.transitions.filter((t) => t.clusterId === c.id);
    while (moves.at(-1)?.to !== c.status && Date.now() < deadline) {
      await sleep(50);
      moves = events.transitions.filter((t) => t.clusterId === c.id);
    }
    for (let i = checked.get(c.id) ?? 0; i < moves.length; i++) {
      const move = moves[i]!;
      const legal = LIFECYCLE_EVENTS.some((e) => {
        const r = transition(move.from as ClusterStatus, e);
        return r.ok && r.to === move.to;
      });
      if (!legal)
        fail(
          "legal-lifecycle",
          `cluster ${c.name}: expected only moves of the lifecycle table, observed ${move.from} → ${move.to} (${move.reason})`,
        );
      const previous = i === 0 ? "PLANNING" : moves[i - 1]!.to;
      if (events.gaps === 0 && move.from !== previous) {
        fail(
          "legal-lifecycle",
          `cluster ${c.name}: expected the move after ${previous} to start from ${previous}, observed ${move.from} → ${move.to}; history ${moves.map((m) => `${m.from}→${m.to}`).join(", ")}`,
        );
      }
    }
    checked.set(c.id, moves.length);
    if (events.gaps === 0 && moves.at(-1)?.to !== c.status) {
      fail(
        "legal-lifecycle",
        `cluster ${c.name}: the API says ${c.status}, expected the event stream to end there too, observed ${moves.map((m) => `${m.from}→${m.to}`).join(", ") || "no moves"}`,
      );
    }
  }
}

/**
 * The event ids received only grow (one stream, resumed across every cut without repeating),
 * and no cut lost anything: a resync (`gaps`) may only come from the server losing events, never
 * from a cut the client should have resumed from.
 */
export function checkEventIds(events: EventWatch, checked: { ids: number }): void {
  for (let i = Math.max(1, checked.ids); i < events.ids.length; i++) {
    const [before, now] = [events.ids[i - 1]!, events.ids[i]!];
    if (compareEventIds(now, before) <= 0)
      fail(
        "event-ids-grow",
        `expected each event id after the one before, observed ${now} after ${before} (${events.cuts} cuts so far)`,
      );
  }
  checked.ids = events.ids.length;
  if (events.cuts > 0 && events.gaps > 0)
    fail(
      "resume-loses-nothing",
      `after ${events.cuts} cuts of the live connection, expected no resync, observed ${events.gaps}`,
    );
}

/** A task's end is one of the three, with a reason unless it succeeded, and consistent with what the model did. */
export function checkTaskEnd(record: TaskRecord, task: TaskDto, context: string): void {
  if (!FINISHED.includes(task.status))
    fail(
      "tasks-end",
      `${context}: expected task ${task.id} finished (SUCCEEDED, FAILED or CANCELLED), observed ${task.status} after attempts ${task.attempts}`,
    );
  if (task.status !== "SUCCEEDED" && !task.error?.trim())
    fail(
      "tasks-end",
      `${context}: expected a reason on ${task.status} task ${task.id}, observed error ${JSON.stringify(task.error)}`,
    );
  if (record.cancelled && task.status !== "CANCELLED")
    fail("tasks-end", `${context}: task ${task.id} was cancelled (200), expected CANCELLED, observed ${task.status}`);
  if (task.status === "CANCELLED" && !record.cancelled && !record.clusterDestroyed) {
    fail(
      "tasks-end",
      `${context}: task ${task.id} was neither cancelled nor its cluster destroyed, expected SUCCEEDED or FAILED, observed CANCELLED (${task.error})`,
    );
  }
}

/** Waits (bounded, a few at a time) for tasks, and checks how each ended. */
export async function checkTasksEnd(api: Api, records: TaskRecord[], capMs: number, context: string): Promise<void> {
  const deadline = Date.now() + capMs;
  const queue = [...records];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      const task = await api.waitTask(r.id, Math.max(0, deadline - Date.now()));
      checkTaskEnd(r, task, context);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

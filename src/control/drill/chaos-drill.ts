/**
 * The chaos drill (distributed-cluster-agent.md, "disaster recovery drills"): while tasks
 * flow into a cluster it kills agent processes, hangs one with SIGSTOP, kills runners and the
 * managed redis-server, then waits for every task to finish and reports what was submitted,
 * completed, failed, lost and run twice, with the recovery time of each kind of failure.
 */

import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { CoreDeps } from "../../core/deps";
import type { HealingLog } from "../../core/logs/healing-log";
import { type DrillAction, planDrill } from "../../domain/drill/drill-plan";
import { summarizeTimings } from "../../domain/stats/percentiles";
import { isAlive } from "../../infra/embedded/child-service";
import type { EmbeddedRedis } from "../../infra/embedded/redis";
import { keys } from "../../infra/keys";
import type { Drill, DrillStartInput } from "../../schemas/drill-api";
import type { TaskSpec } from "../../schemas/task-api";
import { uploadBlueprint } from "../../services/blueprints";
import { createCluster, deleteCluster, getCluster, waitForClusterStatus } from "../../services/clusters";
import { submitTasks } from "../../services/tasks";
import { type DrillRunner, startDrillRunners, stopDrillRunners } from "./drill-runners";
import { pickVictim } from "./drill-victims";

export interface DrillDeps {
  app: CoreDeps;
  healingLog: HealingLog;
  databaseUrl: string;
  redisUrl: string;
  embeddedRedis?: EmbeddedRedis;
}

const REPORT_TTL_SECONDS = 7 * 86_400;

export class ChaosDrill {
  readonly state: Drill;
  private runners: DrillRunner[] = [];
  private createdCluster = false;
  private readonly lastHit = new Map<string, number>();
  private readonly hung: Array<{ agentId: string; pid: number; at: number }> = [];
  private readonly watchers: Array<Promise<void>> = [];
  private readonly runnerRecoveries: number[] = [];
  private readonly redisRecoveries: number[] = [];
  private aborted = false;

  constructor(
    private readonly deps: DrillDeps,
    readonly id: string,
    private readonly options: DrillStartInput,
    actor: string,
  ) {
    this.state = {
      id,
      status: "preparing",
      startedAt: new Date().toISOString(),
      finishedAt: null,
      actor,
      clusterId: options.clusterId ?? null,
      options,
      tasks: {
        submitted: 0,
        accepted: 0,
        refused: 0,
        completed: 0,
        failed: 0,
        cancelled: 0,
        unfinished: 0,
        lost: 0,
        duplicated: 0,
      },
      injected: [],
      recovery: {
        agentRestart: summarizeTimings([]),
        hungDetection: summarizeTimings([]),
        runnerRecovery: summarizeTimings([]),
        redisRecovery: summarizeTimings([]),
      },
      error: null,
    };
  }

  /** Stops injecting and submitting (the server is shutting down); what was started is still reported. */
  abort(): void {
    this.aborted = true;
    this.state.error = "ended early: the server shut down";
  }

  private get source() {
    return `drill:${this.id}`;
  }

  async run(): Promise<Drill> {
    // Progress for whoever watches: the task counts and the state, every second.
    const saver = setInterval(() => void this.progress(), 1000);
    const started = Date.now();
    try {
      const clusterId = await this.prepareCluster();
      this.state.clusterId = clusterId;
      this.state.status = "running";
      await this.save();
      await this.runTimeline(clusterId);
      this.state.status = "settling";
      await this.save();
      await this.settle(clusterId, Date.now() + this.options.settleSeconds * 1000);
      await Promise.all(this.watchers);
      await this.measureRecoveries(clusterId, started);
      // Work run twice is shown, not failed: it is recorded and visible, as the promise is.
      this.state.status = this.state.tasks.lost === 0 && !this.aborted ? "passed" : "failed";
    } catch (error) {
      this.state.status = "error";
      this.state.error = error instanceof Error ? error.message : String(error);
      this.deps.app.log.error({ err: error, drill: this.id }, "chaos drill failed");
    } finally {
      clearInterval(saver);
      await this.cleanUp();
      this.state.finishedAt = new Date().toISOString();
      await this.save();
      await this.record(Date.now() - started);
    }
    return this.state;
  }

  /** The cluster under test: the one named, or a new pool spread over this server and the drill's runners. */
  private async prepareCluster(): Promise<string> {
    const { app } = this.deps;
    if (this.options.clusterId) {
      const cluster = await getCluster(app, this.options.clusterId);
      if (!["ACTIVE", "SCALING_UP", "SCALING_DOWN"].includes(cluster.status))
        throw new Error(`cluster ${cluster.name} is ${cluster.status}; a drill needs a running cluster`);
      return cluster.id;
    }
    if (this.options.runnerKills > 0) {
      this.runners = await startDrillRunners({
        count: this.options.runnerKills,
        drillId: this.id,
        settings: app.settings,
        redis: app.redis,
        databaseUrl: this.deps.databaseUrl,
        redisUrl: this.deps.redisUrl,
      });
    }
    const blueprintId = `chaos-drill-sleep-${this.options.taskSleepMs}`;
    await uploadBlueprint(app.db, drillBlueprint(blueprintId, this.options.taskSleepMs), "api");
    const cluster = await createCluster(app, {
      blueprintId,
      name: `chaos-drill-${this.id}`,
      targetWorkers: this.options.workers + 1,
    });
    this.createdCluster = true;
    this.state.clusterId = cluster.id;
    const ready = await waitForClusterStatus(app, cluster.id, ["ACTIVE"], 120_000);
    if (ready.status !== "ACTIVE")
      throw new Error(`the drill cluster did not become ACTIVE within 120 s (it is ${ready.status})`);
    return cluster.id;
  }

  private async runTimeline(clusterId: string) {
    const plan = planDrill({ ...this.options, durationMs: this.options.durationSeconds * 1000 });
    const steps = [
      ...plan.batches.map((b) => ({ at: b.at, run: () => this.submit(clusterId, b.count) })),
      ...plan.actions.map((a) => ({ at: a.at, run: () => this.inject(clusterId, a.kind) })),
    ].sort((a, b) => a.at - b.at);
    const start = Date.now();
    const running: Array<Promise<void>> = [];
    for (const step of steps) {
      await sleep(Math.max(0, start + step.at - Date.now()));
      if (this.aborted) break;
      running.push(step.run());
    }
    await Promise.all(running);
  }

  private async submit(clusterId: string, count: number) {
    const spec = {
      type: "drill",
      payload: { drill: this.id },
      maxAttempts: 5,
      ...(this.createdCluster ? { role: "worker" } : {}),
    } as TaskSpec;
    this.state.tasks.submitted += count;
    try {
      await submitTasks(
        this.deps.app,
        clusterId,
        Array.from({ length: count }, () => spec),
        this.source,
      );
    } catch (error) {
      this.deps.app.log.warn({ err: (error as Error).message, drill: this.id }, "drill tasks refused");
    }
  }

  private note(kind: string, target: string, detail: string) {
    this.state.injected.push({ at: new Date().toISOString(), kind, target, detail });
  }

  private async inject(clusterId: string, kind: DrillAction["kind"]): Promise<void> {
    try {
      if (kind === "kill_agent" || kind === "hang_agent") {
        const victim = await this.nextVictim(clusterId);
        if (!victim) return this.note(kind, "-", "skipped: no agent of the cluster ran on this host for 5 s");
        this.lastHit.set(victim.agentId, Date.now());
        if (kind === "kill_agent") {
          process.kill(victim.pid, "SIGKILL");
          return this.note(kind, `agent ${victim.key}`, `SIGKILL to pid ${victim.pid}`);
        }
        process.kill(victim.pid, "SIGSTOP");
        this.hung.push({ agentId: victim.agentId, pid: victim.pid, at: Date.now() });
        return this.note(kind, `agent ${victim.key}`, `SIGSTOP to pid ${victim.pid}`);
      }
      if (kind === "kill_runner") return await this.killRunner(clusterId);
      return this.killRedis();
    } catch (error) {
      this.note(kind, "-", `failed: ${(error as Error).message}`);
    }
  }

  /** A running agent to break; in a small cluster they may all be restarting, so wait a little for one. */
  private async nextVictim(clusterId: string) {
    const deadline = Date.now() + 5000;
    for (;;) {
      const victim = await pickVictim(this.deps.app.db, clusterId, this.lastHit, new Set(this.hung.map((h) => h.pid)));
      if (victim || Date.now() > deadline || this.aborted) return victim;
      await sleep(100);
    }
  }

  private async killRunner(clusterId: string) {
    const { db } = this.deps.app;
    // A runner holding a hung agent is spared: with it dead, nobody could notice the hang the drill measures.
    const hungOn = new Set(
      (
        await db.clusterAgent.findMany({
          where: { id: { in: this.hung.map((h) => h.agentId) } },
          select: { nodeId: true },
        })
      ).map((a) => a.nodeId),
    );
    const running = this.runners.filter((r) => r.alive);
    const alive = running.some((r) => !hungOn.has(r.nodeId)) ? running.filter((r) => !hungOn.has(r.nodeId)) : running;
    if (!alive.length)
      return this.note("kill_runner", "-", "skipped: the drill starts runners only for its own cluster");
    const hosted = await db.clusterAgent.groupBy({
      by: ["nodeId"],
      where: { clusterId, removedAt: null, nodeId: { in: alive.map((r) => r.nodeId) } },
      _count: true,
    });
    const count = (r: DrillRunner) => hosted.find((h) => h.nodeId === r.nodeId)?._count ?? 0;
    const runner = alive.sort((a, b) => count(b) - count(a))[0]!;
    const agents = await db.clusterAgent.findMany({
      where: { clusterId, removedAt: null, nodeId: runner.nodeId },
      select: { id: true },
    });
    const killedAt = Date.now();
    runner.process.kill("SIGKILL");
    this.note(
      "kill_runner",
      `runner ${runner.nodeId}`,
      `SIGKILL to pid ${runner.process.pid}; it ran ${agents.length} agents of the cluster`,
    );
    const ids = agents.map((a) => a.id);
    if (ids.length) this.watchers.push(this.watchRunnerRecovery(runner.nodeId, ids, killedAt));
  }

  /** Until every agent the dead runner ran runs again on another node. */
  private async watchRunnerRecovery(nodeId: string, agentIds: string[], killedAt: number) {
    const deadline = killedAt + 120_000;
    while (Date.now() < deadline && !this.aborted) {
      const back = await this.deps.app.db.clusterAgent
        .count({ where: { id: { in: agentIds }, status: { in: ["IDLE", "BUSY"] }, nodeId: { not: nodeId } } })
        .catch(() => 0);
      if (back === agentIds.length) return void this.runnerRecoveries.push(Date.now() - killedAt);
      await sleep(100);
    }
  }

  private killRedis() {
    const pid = this.deps.embeddedRedis?.pid();
    if (!pid)
      return this.note(
        "restart_redis",
        "redis-server",
        "skipped: Redis is not managed by Myzel here (REDIS_URL is set)",
      );
    const killedAt = new Date();
    process.kill(pid, "SIGKILL");
    this.note("restart_redis", "redis-server", `SIGKILL to pid ${pid}`);
    this.watchers.push(this.watchRedisRecovery(killedAt));
  }

  private async watchRedisRecovery(killedAt: Date) {
    const deadline = killedAt.getTime() + 60_000;
    while (Date.now() < deadline && !this.aborted) {
      const healed = await this.deps.app.db.healingEvent
        .findFirst({ where: { kind: "redis_down", at: { gte: killedAt }, outcome: "ok" }, orderBy: { at: "asc" } })
        .catch(() => null);
      if (healed)
        return void this.redisRecoveries.push(healed.at.getTime() + (healed.durationMs ?? 0) - killedAt.getTime());
      await sleep(100);
    }
  }

  /**
   * Until every accepted task has finished and every agent the drill hung has been noticed and
   * killed (or the settle time is up: what is left is lost, a hang left is one not noticed).
   */
  private async settle(clusterId: string, deadline: number) {
    for (;;) {
      await this.count(clusterId);
      const hangsOpen = this.hung.some((h) => isAlive(h.pid));
      if ((this.state.tasks.unfinished === 0 && !hangsOpen) || Date.now() > deadline || this.aborted) break;
      await sleep(250);
    }
    this.state.tasks.lost = this.state.tasks.unfinished;
  }

  private async count(clusterId: string) {
    const rows = await this.deps.app.db.$queryRaw<Array<{ status: string; n: bigint; duplicated: bigint }>>`
      SELECT status::text AS status, count(*) AS n, count(*) FILTER (WHERE duplicate_runs > 0) AS duplicated
      FROM tasks WHERE cluster_id = ${clusterId}::uuid AND source = ${this.source} GROUP BY status`;
    const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
    const t = this.state.tasks;
    t.accepted = rows.reduce((sum, r) => sum + Number(r.n), 0);
    t.refused = t.submitted - t.accepted;
    t.completed = n("SUCCEEDED");
    t.failed = n("FAILED");
    t.cancelled = n("CANCELLED");
    t.unfinished = n("PENDING") + n("QUEUED") + n("RUNNING");
    t.duplicated = rows.reduce((sum, r) => sum + Number(r.duplicated), 0);
  }

  private async measureRecoveries(clusterId: string, since: number) {
    const entries = await this.deps.app.db.healingEvent.findMany({
      where: { clusterId, at: { gte: new Date(since) }, kind: { in: ["agent_crashed", "agent_hung"] } },
    });
    const restarts = entries
      .filter((e) => e.kind === "agent_crashed" && e.outcome === "ok" && e.durationMs !== null)
      .map((e) => e.durationMs!);
    const detections = this.hung.flatMap((h) => {
      const entry = entries.find((e) => e.kind === "agent_hung" && e.agentId === h.agentId && e.at.getTime() >= h.at);
      return entry ? [entry.at.getTime() - h.at] : [];
    });
    this.state.recovery = {
      agentRestart: summarizeTimings(restarts),
      hungDetection: summarizeTimings(detections),
      runnerRecovery: summarizeTimings(this.runnerRecoveries),
      redisRecovery: summarizeTimings(this.redisRecoveries),
    };
  }

  private async cleanUp() {
    // A hung process Myzel did not kill (it should have) is not left behind stopped; only a
    // process still stopped is ours (a pid may have been reused since).
    for (const h of this.hung) {
      try {
        if (isStoppedProcess(h.pid)) process.kill(h.pid, "SIGKILL");
      } catch {
        /* gone meanwhile */
      }
    }
    await stopDrillRunners(this.runners).catch(() => {});
    if (this.createdCluster && this.state.clusterId)
      await deleteCluster(this.deps.app, this.state.clusterId).catch(() => {});
  }

  private async progress() {
    if (this.state.clusterId && this.state.status === "running") await this.count(this.state.clusterId).catch(() => {});
    await this.save();
  }

  async save(): Promise<void> {
    await this.deps.app.redis
      .set(keys.drill(this.id), JSON.stringify(this.state), "EX", REPORT_TTL_SECONDS)
      .catch(() => {});
  }

  private async record(durationMs: number) {
    const { tasks, recovery, status } = this.state;
    const ms = (value: number | null) => (value === null ? "-" : `${value} ms`);
    await this.deps.healingLog
      .record({
        kind: "chaos_drill",
        severity: status === "passed" ? "info" : "critical",
        subject: "chaos drill",
        clusterId: this.state.clusterId,
        actor: this.state.actor,
        detail:
          status === "error"
            ? `the drill could not run: ${this.state.error}`
            : `${tasks.submitted} tasks submitted, ${tasks.completed} completed, ${tasks.failed} failed, ${tasks.lost} lost, ${tasks.duplicated} run twice; agent restart median ${ms(recovery.agentRestart.medianMs)}, runner recovery max ${ms(recovery.runnerRecovery.maxMs)}, Redis recovery ${ms(recovery.redisRecovery.maxMs)}`,
        action: summarizeInjected(this.state.injected),
        outcome: status === "passed" ? "ok" : "failed",
        durationMs,
        data: { drillId: this.id },
      })
      .catch((error) => this.deps.app.log.warn({ err: error }, "could not record the drill"));
  }
}

export const newDrillId = () => randomUUID().slice(0, 8);

/** State "T" in /proc: stopped by a signal (what SIGSTOP leaves behind). */
function isStoppedProcess(pid: number): boolean {
  try {
    return /^\d+ \(.*\) T /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

function summarizeInjected(injected: Drill["injected"]): string {
  const done = injected.filter((i) => !i.detail.startsWith("skipped") && !i.detail.startsWith("failed"));
  const byKind = new Map<string, number>();
  for (const i of done) byKind.set(i.kind, (byKind.get(i.kind) ?? 0) + 1);
  return [...byKind.entries()].map(([kind, n]) => `${n} × ${kind.replace("_", " ")}`).join(", ") || "nothing injected";
}

function drillBlueprint(id: string, sleepMs: number) {
  return `metadata: { id: ${id}, name: Chaos drill, version: 1.0.0, description: "A pool the chaos drill breaks on purpose." }
cluster: { type: project, min_workers: 3, max_workers: 501, routing: least-busy }
agents:
  - { role: supervisor, name: Drill supervisor }
  - { role: worker, name: Drill worker, count: 2-500, reports_to: supervisor, concurrency: 4, runtime: { type: builtin, behaviour: sleep, sleep_ms: ${sleepMs} } }
`;
}

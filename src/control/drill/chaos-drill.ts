/**
 * The chaos drill (distributed-cluster-agent.md, "disaster recovery drills"): while tasks
 * flow into a cluster it kills agent processes, hangs one with SIGSTOP, kills runners and the
 * managed redis-server, then waits for every task to finish and reports what was submitted,
 * completed, failed, lost and run twice, with the recovery time of each kind of failure.
 *
 * This file runs the plan (domain/drill/drill-plan) on its timeline; drill-faults injects,
 * drill-observe counts and measures, drill-report writes the outcome.
 */

import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { CoreDeps } from "../../core/deps";
import { every } from "../../core/every";
import type { HealingLog } from "../../core/logs/healing-log";
import { planDrill } from "../../domain/drill/drill-plan";
import type { EmbeddedRedis } from "../../infra/embedded/redis";
import { keys } from "../../infra/keys";
import type { Drill, DrillStartInput } from "../../schemas/drill-api";
import type { TaskSpec } from "../../schemas/task-api";
import { uploadBlueprint } from "../../services/blueprints";
import { createCluster, deleteCluster, getCluster, waitForClusterStatus } from "../../services/clusters";
import { submitTasks } from "../../services/tasks";
import { DrillFaults } from "./drill-faults";
import { countDrillTasks, measureRecoveries } from "./drill-observe";
import { newDrillState, recordDrill } from "./drill-report";
import { type DrillRunner, startDrillRunners, stopDrillRunners } from "./drill-runners";

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
  private readonly faults: DrillFaults;
  private aborted = false;
  /** Cuts the timeline's waits short when the drill is aborted: a long drill's next step may be an hour away. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly deps: DrillDeps,
    readonly id: string,
    private readonly options: DrillStartInput,
    actor: string,
  ) {
    this.state = newDrillState(id, options, actor);
    this.faults = new DrillFaults({
      db: deps.app.db,
      embeddedRedis: deps.embeddedRedis,
      runners: () => this.runners,
      note: (kind, target, detail) => this.state.injected.push({ at: new Date().toISOString(), kind, target, detail }),
      aborted: () => this.aborted,
    });
  }

  /** Stops injecting and submitting (the server is shutting down); what was started is still reported. */
  abort(): void {
    this.aborted = true;
    this.state.error = "ended early: the server shut down";
    this.stopping.abort();
  }

  private get source() {
    return `drill:${this.id}`;
  }

  async run(): Promise<Drill> {
    // Progress for whoever watches: the task counts and the state, every second.
    const saver = every(1000, () => this.progress(), { log: this.deps.app.log, name: "drill progress" });
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
      await this.faults.watched();
      this.state.recovery = await measureRecoveries(
        this.deps.app.db,
        clusterId,
        started,
        this.faults.hung,
        this.faults.recoveries,
      );
      // Work run twice is shown, not failed: it is recorded and visible, as the promise is.
      this.state.status = this.state.tasks.lost === 0 && !this.aborted ? "passed" : "failed";
    } catch (error) {
      this.state.status = "error";
      // An abort already said why; what the cut-short step threw says less.
      if (!this.aborted) this.state.error = error instanceof Error ? error.message : String(error);
      this.deps.app.log.error({ err: error, drill: this.id }, "chaos drill failed");
    } finally {
      // A progress save in flight must not land over the final state.
      await saver.stop();
      await this.cleanUp();
      this.state.finishedAt = new Date().toISOString();
      await this.save();
      await recordDrill(this.deps.healingLog, this.deps.app.log, this.state, Date.now() - started);
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
        signal: this.stopping.signal,
      });
    }
    const blueprintId = `chaos-drill-sleep-${this.options.taskSleepMs}`;
    await uploadBlueprint(app.db, { yaml: drillBlueprint(blueprintId, this.options.taskSleepMs) }, "api");
    const cluster = await createCluster(app, {
      blueprintId,
      name: `chaos-drill-${this.id}`,
      targetWorkers: this.options.workers + 1,
    });
    this.createdCluster = true;
    this.state.clusterId = cluster.id;
    const ready = await waitForClusterStatus(app, cluster.id, ["ACTIVE"], 120_000, this.stopping.signal);
    if (this.aborted) throw new Error("ended early: the server shut down before the drill's cluster was ready");
    if (ready.status !== "ACTIVE")
      throw new Error(`the drill cluster did not become ACTIVE within 120 s (it is ${ready.status})`);
    return cluster.id;
  }

  private async runTimeline(clusterId: string) {
    const plan = planDrill({ ...this.options, durationMs: this.options.durationSeconds * 1000 });
    const steps = [
      ...plan.batches.map((b) => ({ at: b.at, run: () => this.submit(clusterId, b.count) })),
      ...plan.actions.map((a) => ({ at: a.at, run: () => this.faults.inject(clusterId, a.kind) })),
    ].sort((a, b) => a.at - b.at);
    const start = Date.now();
    const running: Array<Promise<void>> = [];
    for (const step of steps) {
      await sleep(Math.max(0, start + step.at - Date.now()), undefined, { signal: this.stopping.signal }).catch(
        () => {}, // aborted: the check below ends the timeline
      );
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

  /**
   * Until every accepted task has finished and every agent the drill hung has been noticed and
   * killed (or the settle time is up: what is left is lost, a hang left is one not noticed).
   */
  private async settle(clusterId: string, deadline: number) {
    for (;;) {
      await countDrillTasks(this.deps.app.db, clusterId, this.source, this.state.tasks);
      const done = this.state.tasks.unfinished === 0 && !this.faults.hangsOpen();
      if (done || Date.now() > deadline || this.aborted) break;
      await sleep(250);
    }
    this.state.tasks.lost = this.state.tasks.unfinished;
  }

  private async cleanUp() {
    this.faults.releaseHung();
    await stopDrillRunners(this.runners).catch(() => {});
    if (this.createdCluster && this.state.clusterId)
      await deleteCluster(this.deps.app, this.state.clusterId).catch(() => {});
  }

  private async progress() {
    if (this.state.clusterId && this.state.status === "running")
      await countDrillTasks(this.deps.app.db, this.state.clusterId, this.source, this.state.tasks).catch(() => {});
    await this.save();
  }

  async save(): Promise<void> {
    await this.deps.app.redis
      .set(keys.drill(this.id), JSON.stringify(this.state), "EX", REPORT_TTL_SECONDS)
      .catch(() => {});
  }
}

export const newDrillId = () => randomUUID().slice(0, 8);

function drillBlueprint(id: string, sleepMs: number) {
  return `metadata: { id: ${id}, name: Chaos drill, version: 1.0.0, description: "A pool the chaos drill breaks on purpose." }
cluster: { type: project, min_workers: 3, max_workers: 501, routing: least-busy }
agents:
  - { role: supervisor, name: Drill supervisor }
  - { role: worker, name: Drill worker, count: 2-500, reports_to: supervisor, concurrency: 4, runtime: { type: builtin, behaviour: sleep, sleep_ms: ${sleepMs} } }
`;
}

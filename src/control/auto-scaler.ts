/**
 * The auto-scaler (cluster-system.md, "the Myzel principle"): after each round of metric
 * samples the leader decides, per running cluster, by the pure functions of domain/scaling —
 * grow or shrink within the blueprint's bounds (clusters whose blueprint has a `scaling`
 * block), hibernate after the idle timeout, remove temporary clusters whose TTL has passed.
 * Changes go through the cluster lifecycle like a person's would; every decision, "no change"
 * included, goes to the scaling log with its reason.
 */
import type { AppDeps } from "../api/trpc";
import { workerBounds } from "../domain/blueprint/plan-agents";
import { RUNNING_CLUSTER_STATUSES } from "../domain/cluster/agent-desired";
import { roleChanges, formatRoleChanges } from "../domain/scaling/cluster-scaling";
import { decideScaling, type ScalingAction, type ScalingDecision } from "../domain/scaling/decide-scaling";
import { shouldExpire, shouldHibernate } from "../domain/scaling/lifecycle-timers";
import { resolveScalingPolicy } from "../domain/scaling/scaling-policy";
import type { ScalingSample } from "../domain/scaling/scaling-signals";
import type { ScalingDecisionEntry } from "../schemas/scaling-api";
import { blueprintOf } from "../services/blueprints";
import { boundsFor, deleteCluster, hibernateCluster, scaleCluster } from "../services/clusters";
import type { ClusterSample } from "./cluster-samples";
import { liveNodes } from "./node-registry";
import type { ScalingLog } from "./scaling-log";

interface Deps {
  app: () => AppDeps;
  recentSamples: (clusterId: string) => readonly ClusterSample[];
  scalingLog: ScalingLog;
}

type ClusterRow = Awaited<ReturnType<typeof loadClusters>>[number];

export class AutoScaler {
  private readonly lastAction = new Map<string, ScalingAction>();
  private readonly lastDecidedAt = new Map<string, number>();
  private busy = false;

  constructor(private readonly deps: Deps) {}

  /** Called with each round of samples (the leader's). */
  async onSamples(samples: readonly ClusterSample[]): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const app = this.deps.app();
    try {
      await this.expireSleeping(app);
      if (!samples.length) return;
      const clusters = await loadClusters(app, samples.map((s) => s.clusterId));
      let freeSlots: number | undefined;
      for (const cluster of clusters) {
        const sample = samples.find((s) => s.clusterId === cluster.id)!;
        try {
          if (await this.lifecycleTimers(app, cluster, sample)) continue;
          if (!this.scalable(app, cluster)) continue;
          freeSlots ??= await freeAgentSlots(app);
          freeSlots -= await this.scale(app, cluster, freeSlots);
        } catch (error) {
          app.log.warn({ err: error, cluster: cluster.id }, "auto-scaling a cluster failed");
        }
      }
    } finally {
      this.busy = false;
    }
  }

  /** Temporary clusters asleep past their TTL (they are not sampled, but they still expire). */
  private async expireSleeping(app: AppDeps): Promise<void> {
    const sleeping = await app.db.cluster.findMany({
      where: { type: "temporary", status: "HIBERNATED", deletedAt: null },
      include: { blueprint: true, _count: { select: { tasks: { where: { status: { in: ["PENDING", "QUEUED", "RUNNING"] } } } } } },
    });
    for (const cluster of sleeping) {
      const expire = shouldExpire({ type: cluster.type, createdAt: cluster.createdAt.getTime(), ttlSeconds: blueprintOf(cluster.blueprint).cluster.ttl_seconds, now: Date.now(), pendingTasks: cluster._count.tasks });
      if (expire.due) await this.act(cluster, "expire", `temporary cluster removed: ${expire.reason}`, () => deleteCluster(app, cluster.id, `expired: ${expire.reason}`));
    }
  }

  /** Hibernation after the idle timeout, removal after a temporary cluster's TTL; true when one acted. */
  private async lifecycleTimers(app: AppDeps, cluster: ClusterRow, sample: ClusterSample): Promise<boolean> {
    const blueprint = blueprintOf(cluster.blueprint);
    const now = Date.now();
    const pendingTasks = sample.figures.queueLength + sample.figures.agentsBusy;
    const expire = shouldExpire({ type: cluster.type, createdAt: cluster.createdAt.getTime(), ttlSeconds: blueprint.cluster.ttl_seconds, now, pendingTasks });
    if (expire.due) {
      await this.act(cluster, "expire", `temporary cluster removed: ${expire.reason}`, () => deleteCluster(app, cluster.id, `expired: ${expire.reason}`));
      return true;
    }
    if (cluster.status !== "ACTIVE") return false;
    // Activity is the last task submitted (on the record) or the last sample with work open.
    const lastBusy = this.deps.recentSamples(cluster.id).findLast((s) => s.figures.queueLength + s.figures.agentsBusy > 0)?.at ?? 0;
    const sleep = shouldHibernate({
      type: cluster.type,
      status: cluster.status,
      lastActivityAt: Math.max(cluster.lastActivityAt.getTime(), lastBusy),
      now,
      idleTimeoutMs: app.settings.IDLE_TIMEOUT * 1000,
      hibernationEnabled: app.settings.HIBERNATION_ENABLED && (app.settings.HIBERNATION_TYPES as string[]).includes(cluster.type),
      pendingTasks,
    });
    if (!sleep.due) return false;
    await this.act(cluster, "hibernate", `hibernated: ${sleep.reason}`, () => hibernateCluster(app, cluster.id, `idle: ${sleep.reason}`));
    return true;
  }

  private scalable(app: AppDeps, cluster: ClusterRow): boolean {
    if (!app.settings.AUTO_SCALE_ENABLED || cluster.status !== "ACTIVE" || !blueprintOf(cluster.blueprint).cluster.scaling) return false;
    const now = Date.now();
    // Samples come every MYZEL_METRICS_INTERVAL_MS; decisions at most every MYZEL_AUTO_SCALE_INTERVAL seconds.
    if (now - (this.lastDecidedAt.get(cluster.id) ?? 0) < app.settings.AUTO_SCALE_INTERVAL * 1000 - 50) return false;
    this.lastDecidedAt.set(cluster.id, now);
    return true;
  }

  /** Decides and applies one cluster's size; returns the agent slots it took. */
  private async scale(app: AppDeps, cluster: ClusterRow, freeSlots: number): Promise<number> {
    const blueprint = blueprintOf(cluster.blueprint);
    const manual = cluster._count.agents;
    const planned = boundsFor(cluster, workerBounds(blueprint));
    const now = Date.now();
    let decision: ScalingDecision = decideScaling({
      now,
      target: cluster.currentWorkers - manual,
      bounds: { min: planned.min, max: planned.max - manual },
      policy: resolveScalingPolicy(blueprint),
      samples: this.deps.recentSamples(cluster.id).map(toScalingSample),
      lastAction: this.lastAction.get(cluster.id) ?? null,
    });
    if (decision.direction === "up" && decision.delta > freeSlots) {
      // The cap on agents per node: grow only into free slots, and say so.
      const to = decision.from + Math.max(0, freeSlots);
      const capped = `${decision.reason}; capped at ${to}: only ${freeSlots} free agent slots on the live nodes`;
      decision = to === decision.from ? { ...decision, direction: "none", to, delta: 0, reason: `no change: ${capped}` } : { ...decision, to, delta: to - decision.from, reason: capped };
    }
    const roles = roleChanges(blueprint, decision.from, decision.to);
    const named = formatRoleChanges(roles);
    const entry = entryOf(decision, named ? `${decision.reason} (${named})` : decision.reason, roles);
    if (decision.direction === "none") {
      await this.deps.scalingLog.record(cluster.id, entry);
      return 0;
    }
    try {
      await scaleCluster(app, cluster.id, decision.to, `auto-scale: ${entry.reason}`);
      this.lastAction.set(cluster.id, { direction: decision.direction, at: now });
    } catch (error) {
      entry.outcome = "failed";
      entry.error = (error as Error).message;
    }
    await this.deps.scalingLog.record(cluster.id, entry);
    return Math.max(0, decision.delta);
  }

  private async act(cluster: { id: string; currentWorkers: number }, direction: "hibernate" | "expire", reason: string, run: () => Promise<unknown>) {
    const n = cluster.currentWorkers;
    const entry: ScalingDecisionEntry = { at: new Date().toISOString(), direction, from: n, to: 0, reason, trigger: null, observed: null, roles: {}, outcome: "applied", error: null };
    try {
      await run();
    } catch (error) {
      entry.outcome = "failed";
      entry.error = (error as Error).message;
    }
    this.lastAction.delete(cluster.id);
    await this.deps.scalingLog.record(cluster.id, entry);
  }
}

/**
 * Agent slots still free on the live nodes: their capacity minus every agent that should run
 * (placed or not yet started), so two clusters growing in turn do not count the same slots.
 */
async function freeAgentSlots(app: AppDeps): Promise<number> {
  const capacity = (await liveNodes(app.redis)).reduce((sum, n) => sum + n.capacity, 0);
  const wanted = await app.db.clusterAgent.count({ where: { removedAt: null, cluster: { status: { in: [...RUNNING_CLUSTER_STATUSES] }, deletedAt: null } } });
  return Math.max(0, capacity - wanted);
}

function loadClusters(app: AppDeps, ids: string[]) {
  return app.db.cluster.findMany({
    where: { id: { in: ids }, deletedAt: null },
    include: { blueprint: true, _count: { select: { agents: { where: { removedAt: null, addedManually: true } } } } },
  });
}

function toScalingSample(sample: ClusterSample): ScalingSample {
  const f = sample.figures;
  return {
    at: sample.at,
    queueLength: f.queueLength,
    busyAgents: f.agentsBusy,
    idleAgents: f.agentsIdle,
    runningAgents: f.agentsActive,
    loadPercent: sample.loadPercent,
    // No task finished in the last minute: no response time, not a fast one.
    avgResponseMs: f.tasksPerMinute > 0 ? f.avgResponseMs : null,
    capacity: sample.capacity,
  };
}

function entryOf(decision: ScalingDecision, reason: string, roles: Record<string, number>): ScalingDecisionEntry {
  return {
    at: new Date().toISOString(),
    direction: decision.direction,
    from: decision.from,
    to: decision.to,
    reason,
    trigger: decision.trigger ?? null,
    observed: decision.observed ?? null,
    roles,
    outcome: decision.direction === "none" ? "held" : "applied",
    error: null,
  };
}

/**
 * The auto-scaler (cluster-system.md, "the Myzel principle"): after each round of metric
 * samples the leader decides, per running cluster and per role, by the pure functions of
 * domain/scaling — grow or shrink each role by its own load within its range and the
 * cluster's bounds (clusters whose blueprint has a `scaling` block), hibernate after the idle
 * timeout, remove temporary clusters whose TTL has passed. Changes go through the cluster
 * lifecycle like a person's would; every decision, "no change" included, goes to the scaling
 * log with its reason.
 *
 * Full decisions come every MYZEL_AUTO_SCALE_INTERVAL seconds. A role at zero agents with work
 * waiting is looked at on every sample: it gets its first agent at once. With auto-scaling
 * off (MYZEL_AUTO_SCALE_ENABLED=false or no `scaling` block) such work stays PENDING — never
 * failed — and the metrics API shows it waiting for its role until someone scales the role.
 */
import type { CoreDeps } from "../../core/deps";
import type { ScalingLog } from "../../core/logs/scaling-log";
import type { ClusterSample } from "../../core/metrics/cluster-samples";
import { liveNodes } from "../../core/nodes/node-registry";
import { RUNNING_CLUSTER_STATUSES } from "../../domain/cluster/agent-desired";
import type { ScalingAction } from "../../domain/scaling/decide-scaling";
import { shouldExpire, shouldHibernate } from "../../domain/scaling/lifecycle-timers";
import { decideRoleScaling, type RoleScalingDecision } from "../../domain/scaling/role-scaling";
import { resolveScalingPolicy } from "../../domain/scaling/scaling-policy";
import type { ScalingSample } from "../../domain/scaling/scaling-signals";
import type { ScalingDecisionEntry } from "../../schemas/scaling-api";
import { AppError } from "../../services/app-error";
import { blueprintOf } from "../../services/blueprints";
import { roleTargetsOf } from "../../services/cluster-dto";
import { deleteCluster, hibernateCluster, plannedBounds, scaleCluster } from "../../services/clusters";

interface Deps {
  app: CoreDeps;
  recentSamples: (clusterId: string) => readonly ClusterSample[];
  scalingLog: ScalingLog;
}

type ClusterRow = Awaited<ReturnType<typeof loadClusters>>[number];

export class AutoScaler {
  /** Per cluster, each role's last applied change. */
  private readonly lastActions = new Map<string, Record<string, ScalingAction>>();
  private readonly lastDecidedAt = new Map<string, number>();
  private busy = false;

  constructor(private readonly deps: Deps) {}

  /** Called with each round of samples (the leader's). */
  async onSamples(samples: readonly ClusterSample[]): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const app = this.deps.app;
    try {
      await this.expireSleeping(app);
      if (!samples.length) return;
      const clusters = await loadClusters(
        app,
        samples.map((s) => s.clusterId),
      );
      let freeSlots: number | undefined;
      for (const cluster of clusters) {
        const sample = samples.find((s) => s.clusterId === cluster.id)!;
        try {
          if (await this.lifecycleTimers(app, cluster, sample)) continue;
          if (!this.autoScaled(app, cluster)) continue;
          freeSlots ??= await freeAgentSlots(app);
          freeSlots -= await this.scale(app, cluster, freeSlots, this.intervalDue(app, cluster));
        } catch (error) {
          app.log.warn({ err: error, cluster: cluster.id }, "auto-scaling a cluster failed");
        }
      }
    } finally {
      this.busy = false;
    }
  }

  /** Temporary clusters asleep past their TTL (they are not sampled, but they still expire). */
  private async expireSleeping(app: CoreDeps): Promise<void> {
    const sleeping = await app.db.cluster.findMany({
      where: { type: "temporary", status: "HIBERNATED", deletedAt: null },
      include: {
        blueprint: true,
        _count: { select: { tasks: { where: { status: { in: ["PENDING", "QUEUED", "RUNNING"] } } } } },
      },
    });
    for (const cluster of sleeping) {
      const expire = shouldExpire({
        type: cluster.type,
        createdAt: cluster.createdAt.getTime(),
        ttlSeconds: blueprintOf(cluster.blueprint).cluster.ttl_seconds,
        now: Date.now(),
        pendingTasks: cluster._count.tasks,
      });
      if (expire.due)
        await this.act(cluster, "expire", `temporary cluster removed: ${expire.reason}`, () =>
          deleteCluster(app, cluster.id, `expired: ${expire.reason}`),
        );
    }
  }

  /** Hibernation after the idle timeout, removal after a temporary cluster's TTL; true when one acted. */
  private async lifecycleTimers(app: CoreDeps, cluster: ClusterRow, sample: ClusterSample): Promise<boolean> {
    const blueprint = blueprintOf(cluster.blueprint);
    const now = Date.now();
    const pendingTasks = sample.figures.queueLength + sample.figures.agentsBusy;
    const expire = shouldExpire({
      type: cluster.type,
      createdAt: cluster.createdAt.getTime(),
      ttlSeconds: blueprint.cluster.ttl_seconds,
      now,
      pendingTasks,
    });
    if (expire.due) {
      await this.act(cluster, "expire", `temporary cluster removed: ${expire.reason}`, () =>
        deleteCluster(app, cluster.id, `expired: ${expire.reason}`),
      );
      return true;
    }
    if (cluster.status !== "ACTIVE") return false;
    // Activity is the last task submitted (on the record) or the last sample with work open.
    const lastBusy =
      this.deps.recentSamples(cluster.id).findLast((s) => s.figures.queueLength + s.figures.agentsBusy > 0)?.at ?? 0;
    const sleep = shouldHibernate({
      type: cluster.type,
      status: cluster.status,
      lastActivityAt: Math.max(cluster.lastActivityAt.getTime(), lastBusy),
      now,
      idleTimeoutMs: app.settings.IDLE_TIMEOUT * 1000,
      hibernationEnabled:
        app.settings.HIBERNATION_ENABLED && (app.settings.HIBERNATION_TYPES as string[]).includes(cluster.type),
      pendingTasks,
    });
    if (!sleep.due) return false;
    await this.act(cluster, "hibernate", `hibernated: ${sleep.reason}`, () =>
      hibernateCluster(app, cluster.id, `idle: ${sleep.reason}`),
    );
    return true;
  }

  private autoScaled(app: CoreDeps, cluster: ClusterRow): boolean {
    return (
      app.settings.AUTO_SCALE_ENABLED && cluster.status === "ACTIVE" && !!blueprintOf(cluster.blueprint).cluster.scaling
    );
  }

  /** Samples come every MYZEL_METRICS_INTERVAL_MS; full decisions at most every MYZEL_AUTO_SCALE_INTERVAL seconds. */
  private intervalDue(app: CoreDeps, cluster: ClusterRow): boolean {
    const now = Date.now();
    if (now - (this.lastDecidedAt.get(cluster.id) ?? 0) < app.settings.AUTO_SCALE_INTERVAL * 1000 - 50) return false;
    this.lastDecidedAt.set(cluster.id, now);
    return true;
  }

  /** Decides and applies one cluster's roles; returns the agent slots it took. */
  private async scale(app: CoreDeps, cluster: ClusterRow, freeSlots: number, full: boolean): Promise<number> {
    const blueprint = blueprintOf(cluster.blueprint);
    const recent = this.deps.recentSamples(cluster.id);
    const now = Date.now();
    const decision = decideRoleScaling({
      now,
      blueprint,
      policy: resolveScalingPolicy(blueprint),
      targets: roleTargetsOf(cluster, blueprint),
      bounds: await plannedBounds(app.db, cluster, blueprint),
      samples: Object.fromEntries(
        blueprint.agents.map((agent) => [agent.role, recent.flatMap((sample) => roleSample(sample, agent.role))]),
      ),
      lastActions: this.lastActions.get(cluster.id) ?? {},
      freeSlots,
      full,
    });
    // Between intervals only a role at zero is looked at; that nothing moved is not news.
    if (decision.direction === "none" && !full) return 0;
    const entry = entryOf(decision);
    if (decision.direction === "none") {
      await this.deps.scalingLog.record(cluster.id, entry);
      return 0;
    }
    try {
      // Only the roles that move: a person's change meanwhile to another role stands.
      const roles = Object.fromEntries(Object.keys(decision.changes).map((role) => [role, decision.counts[role]!]));
      await scaleCluster(app, cluster.id, { roles }, `auto-scale: ${decision.reason}`);
      const actions = { ...this.lastActions.get(cluster.id) };
      for (const [role, change] of Object.entries(decision.changes))
        actions[role] = { direction: change > 0 ? "up" : "down", at: now };
      this.lastActions.set(cluster.id, actions);
    } catch (error) {
      entry.outcome = "failed";
      // The log is read by people: an AppError says what stood in the way; anything else is ours.
      entry.error =
        error instanceof AppError
          ? error.message
          : "the change could not be applied because of an internal error; the server log has the details";
      app.log.warn(
        { err: error, cluster: cluster.id, roles: decision.changes },
        "applying an auto-scaling decision failed",
      );
    }
    await this.deps.scalingLog.record(cluster.id, entry);
    return Object.values(decision.changes).reduce((sum, n) => sum + Math.max(0, n), 0);
  }

  private async act(
    cluster: { id: string; targetWorkers: number },
    direction: "hibernate" | "expire",
    reason: string,
    run: () => Promise<unknown>,
  ) {
    const n = cluster.targetWorkers;
    const entry: ScalingDecisionEntry = {
      at: new Date().toISOString(),
      direction,
      from: n,
      to: 0,
      reason,
      trigger: null,
      observed: null,
      roles: {},
      outcome: "applied",
      error: null,
    };
    try {
      await run();
    } catch (error) {
      entry.outcome = "failed";
      entry.error =
        error instanceof AppError ? error.message : "an internal error stopped it; the server log has the details";
      this.deps.app.log.warn({ err: error, cluster: cluster.id }, `auto-scaler: ${direction} failed`);
    }
    this.lastActions.delete(cluster.id);
    await this.deps.scalingLog.record(cluster.id, entry);
  }
}

/**
 * Agent slots still free on the live nodes: their capacity minus every agent that should run
 * (placed or not yet started), so two clusters growing in turn do not count the same slots.
 */
async function freeAgentSlots(app: CoreDeps): Promise<number> {
  const capacity = (await liveNodes(app.redis)).reduce((sum, n) => sum + n.capacity, 0);
  const wanted = await app.db.clusterAgent.count({
    where: { removedAt: null, cluster: { status: { in: [...RUNNING_CLUSTER_STATUSES] }, deletedAt: null } },
  });
  return Math.max(0, capacity - wanted);
}

function loadClusters(app: CoreDeps, ids: string[]) {
  return app.db.cluster.findMany({ where: { id: { in: ids }, deletedAt: null }, include: { blueprint: true } });
}

/** One role's share of a sample as the scaling functions read it. */
function roleSample(sample: ClusterSample, role: string): ScalingSample[] {
  const r = sample.roles[role];
  if (!r) return [];
  return [
    {
      at: sample.at,
      queueLength: r.queueLength,
      busyAgents: r.agentsBusy,
      idleAgents: r.agentsIdle,
      runningAgents: r.agentsActive,
      loadPercent: r.loadPercent,
      // No task of the role finished in the last minute: no response time, not a fast one.
      avgResponseMs: r.tasksPerMinute > 0 ? (r.avgResponseMs ?? 0) : null,
      capacity: r.capacity,
    },
  ];
}

function entryOf(decision: RoleScalingDecision): ScalingDecisionEntry {
  return {
    at: new Date().toISOString(),
    direction: decision.direction,
    from: decision.from,
    to: decision.to,
    reason: decision.reason,
    trigger: decision.trigger ?? null,
    observed: decision.observed ?? null,
    roles: decision.changes,
    outcome: decision.direction === "none" ? "held" : "applied",
    error: null,
  };
}

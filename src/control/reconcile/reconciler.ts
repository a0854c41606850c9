/**
 * Closes the gap between what should run and what runs. On every pass it places agents
 * that should run but have no live node, tells runners to look at their assignments,
 * advances clusters whose agents have caught up (SPAWNING → ACTIVE, scaling → ACTIVE,
 * DESTROYING → DESTROYED), routes tasks still waiting for an agent, and drops the Redis
 * users of agents that run nowhere (agent-user-sweep).
 */

import { every, type Loop } from "../../core/every";
import { FencedOut, type Tx } from "../../core/leader-fence";
import { HealingLog } from "../../core/logs/healing-log";
import { liveNodes } from "../../core/nodes/node-registry";
import type { Dispatcher } from "../../core/tasks/dispatcher";
import type { TaskStore } from "../../core/tasks/task-store";
import { RUNNING_CLUSTER_STATUSES } from "../../domain/cluster/agent-desired";
import { progressEvent } from "../../domain/cluster/progress";
import type { Settings } from "../../env";
import { type Bus, channels } from "../../infra/bus";
import type { Database } from "../../infra/database/client";
import type { EventPublisher } from "../../infra/events";
import type { Logger } from "../../infra/logger";
import type { Redis } from "../../infra/redis";
import type { MyzelEvent } from "../../schemas/events";
import { applyLifecycleEvent } from "../../services/cluster-lifecycle";
import { rebalanceNodes } from "../../services/node-actions";
import { AgentUserSweep } from "./agent-user-sweep";
import { applyPlacement, finishDrains, readPlacementInput } from "./apply-placement";
import { handleLostNodes } from "./lost-nodes";
import { rebalanceBacklog } from "./rebalance";
import { StrandedTasks } from "./stranded-tasks";
import { failUnroutable } from "./unroutable-tasks";

interface Deps {
  /** Only the leader reconciles; `confirm` re-checks the lease right before acting. */
  lease: { confirm(): Promise<boolean> };
  /** Runs a write of desired state only while this leader's epoch is the newest (leader-fence). */
  fence: <T>(write: (tx: Tx) => Promise<T>) => Promise<T>;
  db: Database;
  redis: Redis;
  bus: Bus;
  events: EventPublisher;
  dispatcher: Dispatcher;
  tasks: TaskStore;
  settings: Settings;
  log: Logger;
  healingLog: HealingLog;
  requestReconcile(): void;
}

export class Reconciler {
  private loop?: Loop;
  private unsubscribe?: () => Promise<void>;
  private readonly log: Logger;

  private readonly healingLog: HealingLog;
  private readonly stranded: StrandedTasks;
  private readonly userSweep: AgentUserSweep;
  private readonly fence: Deps["fence"];
  /** Nodes seen live on the last pass: one not among them has joined. */
  private known?: Set<string>;

  constructor(private readonly deps: Deps) {
    this.log = deps.log.child({ component: "reconciler" });
    this.healingLog = new HealingLog(deps.db, deps.events);
    this.stranded = new StrandedTasks(deps);
    this.userSweep = new AgentUserSweep(deps);
    this.fence = deps.fence;
  }

  async start(): Promise<void> {
    this.loop = every(this.deps.settings.RECONCILE_INTERVAL_MS, () => this.pass(), {
      log: this.log,
      name: "reconcile pass",
    });
    // Whatever the reason, the answer is a pass now.
    this.unsubscribe = await this.deps.bus.subscribe(channels.reconcile, () => this.request());
    this.request();
  }

  async stop(): Promise<void> {
    void this.unsubscribe?.();
    await this.loop?.stop();
  }

  /** A pass now, or one more after the pass in progress (nudges coalesce). */
  request(): void {
    void this.loop?.request();
  }

  private async pass(): Promise<void> {
    try {
      await this.passOnce();
    } catch (error) {
      // A newer leader wrote meanwhile: this server lost the lease; its next confirm says so.
      if (error instanceof FencedOut) return void this.log.warn({ err: error.message }, "reconcile pass fenced out");
      throw error;
    }
  }

  private async passOnce(): Promise<void> {
    const { db, redis, bus, events, dispatcher } = this.deps;
    if (!(await this.deps.lease.confirm())) return;
    const nodes = await liveNodes(redis);
    const live = new Set(nodes.map((n) => n.id));
    const placementDeps = { ...this.deps, healingLog: this.healingLog, fence: this.fence };
    await handleLostNodes(placementDeps, live);
    await this.userSweep.sweep(live);
    const input = await readPlacementInput(db, () => liveNodes(redis));
    const clusters = input.clusters;
    await applyPlacement(placementDeps, input);
    await finishDrains(placementDeps);
    await this.rebalanceOnJoin(input.nodes.map((n) => n.id));

    await Promise.all(input.nodes.map((n) => bus.publish(channels.nodeSync(n.id), { type: "reconcile" })));

    // Clusters whose agents have caught up move on.
    const transitions: MyzelEvent[] = [];
    const fresh = await db.cluster.findMany({
      where: {
        id: { in: clusters.map((c) => c.id) },
        status: { in: ["SPAWNING", "SCALING_UP", "SCALING_DOWN", "DESTROYING"] },
      },
      select: { id: true, status: true, version: true, agents: { select: { status: true, removedAt: true } } },
    });
    for (const cluster of fresh) {
      const event = progressEvent(
        cluster.status,
        cluster.agents.map((a) => ({ status: a.status, removed: a.removedAt !== null })),
      );
      if (!event) continue;
      const extra = event === "destroyed" ? { deletedAt: new Date() } : {};
      try {
        transitions.push(await this.fence((tx) => applyLifecycleEvent(tx, cluster, event, "agents caught up", extra)));
        dispatcher.invalidate(cluster.id);
      } catch (error) {
        if (error instanceof FencedOut) throw error;
        this.log.debug({ err: (error as Error).message, cluster: cluster.id }, "transition lost a race; next pass");
      }
    }
    for (const event of transitions) await events.publish(event);
    for (const event of transitions)
      if (event.type === "cluster.status" && event.to === "DESTROYED") await this.cancelOpenTasks(event.clusterId);
    for (const event of transitions) {
      if (event.type === "cluster.status" && event.from === "SCALING_UP" && event.to === "ACTIVE")
        await rebalanceBacklog({ ...this.deps, queues: this.deps.dispatcher.queues }, event.clusterId).catch((error) =>
          this.log.warn({ err: error }, "could not spread the backlog"),
        );
    }

    await this.stranded.recover();
    await this.dispatchPending(clusters.filter((c) => RUNNING_CLUSTER_STATUSES.includes(c.status)).map((c) => c.id));
  }

  /** With NODE_REBALANCE_ON_JOIN, a node that joins takes agents off crowded ones. */
  private async rebalanceOnJoin(liveIds: string[]): Promise<void> {
    const joined = this.known ? liveIds.filter((id) => !this.known!.has(id)) : [];
    this.known = new Set(liveIds);
    if (!joined.length || !this.deps.settings.NODE_REBALANCE_ON_JOIN) return;
    await rebalanceNodes(this.deps, "auto", `node ${joined.join(", ")} joined`).catch((error) =>
      this.log.warn({ err: error }, "could not rebalance after a node joined"),
    );
  }

  /** A destroyed cluster runs nothing more: what it still held is cancelled, with the reason. */
  private async cancelOpenTasks(clusterId: string): Promise<void> {
    await this.deps.tasks.cancel({ clusterId }, "the cluster was destroyed");
  }

  /** Tasks accepted while no agent could take them (cluster starting, waking, or busy growing). */
  private async dispatchPending(clusterIds: string[]): Promise<void> {
    if (!clusterIds.length) return;
    // Per cluster, so one cluster's backlog never starves another's.
    for (const clusterId of clusterIds) {
      const pending = await this.deps.db.task.findMany({
        where: { clusterId, status: "PENDING" },
        // Most urgent first, then oldest first (domain/tasks/task-priority), so a backlog beyond
        // `take` never holds back an urgent task.
        orderBy: [{ priority: "desc" }, { createdAt: "asc" }],
        take: 2000,
        select: {
          id: true,
          clusterId: true,
          targetKind: true,
          targetValue: true,
          type: true,
          payload: true,
          sessionKey: true,
          timeoutMs: true,
          priority: true,
          createdAt: true,
          attempts: true,
          depth: true,
          rootTaskId: true,
          chain: true,
          traceparent: true,
        },
      });
      if (!pending.length) continue;
      try {
        const queued = new Set(await this.deps.dispatcher.dispatch(pending));
        const failed = await failUnroutable(
          this.deps,
          clusterId,
          pending.filter((t) => !queued.has(t.id)),
        );
        if (failed)
          this.log.warn({ cluster: clusterId, tasks: failed }, "failed waiting tasks that no agent can ever take");
      } catch (error) {
        // One cluster's trouble must not hold up the others' waiting work.
        this.log.error({ err: error, cluster: clusterId }, "routing waiting tasks failed");
      }
    }
  }
}

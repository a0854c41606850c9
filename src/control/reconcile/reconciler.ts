/**
 * Closes the gap between what should run and what runs. On every pass it places agents
 * that should run but have no live node, tells runners to look at their assignments,
 * advances clusters whose agents have caught up (SPAWNING → ACTIVE, scaling → ACTIVE,
 * DESTROYING → DESTROYED), and routes tasks still waiting for an agent.
 */

import { every, type Loop } from "../../core/every";
import { HealingLog } from "../../core/logs/healing-log";
import { liveNodes } from "../../core/nodes/node-registry";
import type { Dispatcher } from "../../core/tasks/dispatcher";
import { rerouteAgentTasks } from "../../core/tasks/reroute";
import type { TaskStore } from "../../core/tasks/task-store";
import { RUNNING_CLUSTER_STATUSES } from "../../domain/cluster/agent-desired";
import { progressEvent } from "../../domain/cluster/progress";
import { planPlacement } from "../../domain/placement/plan-placement";
import type { Settings } from "../../env";
import { agentUserName } from "../../infra/acl/acl-rules";
import { deleteAclUsers } from "../../infra/acl/redis-acl";
import { type Bus, channels } from "../../infra/bus";
import type { Database } from "../../infra/database/client";
import type { EventPublisher } from "../../infra/events";
import { keys } from "../../infra/keys";
import type { Logger } from "../../infra/logger";
import type { Redis } from "../../infra/redis";
import type { MyzelEvent } from "../../schemas/events";
import { applyLifecycleEvent } from "../../services/cluster-lifecycle";
import { rebalanceBacklog } from "./rebalance";
import { StrandedTasks } from "./stranded-tasks";
import { failUnroutable } from "./unroutable-tasks";

interface Deps {
  /** Only the leader reconciles; `confirm` re-checks the lease right before acting. */
  lease: { confirm(): Promise<boolean> };
  db: Database;
  redis: Redis;
  bus: Bus;
  events: EventPublisher;
  dispatcher: Dispatcher;
  tasks: TaskStore;
  settings: Settings;
  log: Logger;
}

export class Reconciler {
  private loop?: Loop;
  private unsubscribe?: () => Promise<void>;
  private readonly log: Logger;

  private readonly healingLog: HealingLog;
  private readonly stranded: StrandedTasks;

  constructor(private readonly deps: Deps) {
    this.log = deps.log.child({ component: "reconciler" });
    this.healingLog = new HealingLog(deps.db, deps.events);
    this.stranded = new StrandedTasks(deps);
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
    const { db, redis, bus, events, dispatcher } = this.deps;
    if (!(await this.deps.lease.confirm())) return;
    const clusters = await db.cluster.findMany({
      where: { status: { in: [...RUNNING_CLUSTER_STATUSES, "DESTROYING", "HIBERNATED"] } },
      select: { id: true, status: true, agents: { select: { id: true, status: true, removedAt: true, nodeId: true } } },
    });
    const nodes = await liveNodes(redis);
    const live = new Set(nodes.map((n) => n.id));
    await this.handleLostNodes(live);

    const plan = planPlacement({ clusters, nodes });
    for (const [nodeId, ids] of plan.assign)
      await db.clusterAgent.updateMany({ where: { id: { in: ids } }, data: { nodeId, status: "PENDING" } });
    if (plan.unplaced.length)
      this.log.warn({ agents: plan.unplaced.length, nodes: nodes.length }, "no node has room for some agents");
    // Conditional on what was read: a runner may have started the process meanwhile, and a record
    // that says STOPPED while its process runs would hide that process from everyone.
    if (plan.neverStarted.length)
      await db.clusterAgent.updateMany({
        where: { id: { in: plan.neverStarted }, status: "PENDING" },
        data: { status: "STOPPED", pid: null },
      });
    if (plan.onLostNodes.length) {
      await db.clusterAgent.updateMany({
        where: { id: { in: plan.onLostNodes }, OR: [{ nodeId: null }, { nodeId: { notIn: [...live] } }] },
        data: { status: "STOPPED", pid: null },
      });
    }

    await Promise.all(nodes.map((n) => bus.publish(channels.nodeSync(n.id), { type: "reconcile" })));

    // Clusters whose agents have caught up move on.
    const transitions: MyzelEvent[] = [];
    const fresh = await db.cluster.findMany({
      where: {
        id: { in: clusters.map((c) => c.id) },
        status: { in: ["SPAWNING", "SCALING_UP", "SCALING_DOWN", "DESTROYING"] },
      },
      select: { id: true, status: true, agents: { select: { status: true, removedAt: true } } },
    });
    for (const cluster of fresh) {
      const event = progressEvent(
        cluster.status,
        cluster.agents.map((a) => ({ status: a.status, removed: a.removedAt !== null })),
      );
      if (!event) continue;
      const extra = event === "destroyed" ? { deletedAt: new Date() } : {};
      try {
        transitions.push(
          await db.$transaction((tx) => applyLifecycleEvent(tx, cluster, event, "agents caught up", extra)),
        );
        dispatcher.invalidate(cluster.id);
      } catch (error) {
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

  /**
   * A runner whose heartbeat expired (three missed beats) is lost: its agents are placed on
   * the nodes that are left, and the tasks they held are routed again. If it comes back it
   * registers anew and runs only what is assigned to it then — nothing twice.
   */
  private async handleLostNodes(live: Set<string>): Promise<void> {
    const { db, redis, log } = this.deps;
    const registered = await redis.smembers(keys.nodesSet);
    for (const nodeId of registered.filter((id) => !live.has(id))) {
      const detectedAt = Date.now();
      const agents = await db.clusterAgent.findMany({ where: { nodeId, removedAt: null }, select: { id: true } });
      const rerouted = await rerouteAgentTasks(
        this.deps,
        agents.map((a) => a.id),
        `its node ${nodeId} was lost`,
      );
      // Its agents' Redis users go before they are placed elsewhere (where they get new ones).
      const held = await db.clusterAgent.findMany({ where: { nodeId }, select: { id: true } });
      await deleteAclUsers(
        redis,
        held.map((a) => agentUserName(a.id)),
      ).catch(() => {}); // a Redis user that may not manage ACL users made none
      await db.clusterAgent.updateMany({ where: { nodeId }, data: { nodeId: null, status: "PENDING", pid: null } });
      await redis.srem(keys.nodesSet, nodeId);
      await db.node.updateMany({ where: { id: nodeId }, data: { stoppedAt: new Date() } });
      await this.healingLog.record({
        kind: "node_lost",
        severity: "critical",
        subject: `node ${nodeId}`,
        nodeId,
        detail: `no heartbeat for ${this.deps.settings.NODE_HEARTBEAT_INTERVAL_MS * this.deps.settings.NODE_HEARTBEAT_MISSES} ms`,
        action: `${agents.length} agents placed on other nodes, ${rerouted} tasks routed again`,
        outcome: "ok",
        durationMs: Date.now() - detectedAt,
      });
      log.warn({ nodeId, agents: agents.length, rerouted }, "runner node lost; its agents move to other nodes");
    }
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
        orderBy: { createdAt: "asc" },
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
          attempts: true,
          depth: true,
          rootTaskId: true,
          chain: true,
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

/**
 * The fleet series of /metrics: clusters, their agents (state, restarts, circuit, queue),
 * runner nodes (capacity, heartbeats), healing actions, scaling decisions and Redis. Agents are
 * labelled by their key within the cluster ("worker-3"), which is reused as clusters grow and
 * shrink, so the label sets stay bounded.
 */
import { AGENT_STATUSES } from "../../domain/cluster/agent-states";
import { CIRCUIT_STATES } from "../../domain/healing/restart-policy";
import { HEALING_KINDS, HEALING_OUTCOMES } from "../../domain/healing/vocabulary";
import type { Family, Sample } from "../../domain/metrics/exposition";
import type { Database } from "../../infra/database/client";
import { keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";
import { liveNodes } from "../nodes/node-registry";
import type { AgentQueues } from "../tasks/agent-queues";

export interface FleetSources {
  db: Database;
  redis: Redis;
  queues: AgentQueues;
}

export async function fleetFamilies({ db, redis, queues }: FleetSources): Promise<Family[]> {
  const [clusters, agents, nodes, live, healing, scaling, redisInfo] = await Promise.all([
    db.cluster.findMany({
      where: { deletedAt: null },
      select: { id: true, name: true, type: true, status: true, targetWorkers: true },
    }),
    db.clusterAgent.findMany({
      where: { removedAt: null, cluster: { deletedAt: null } },
      select: {
        id: true,
        clusterId: true,
        role: true,
        agentKey: true,
        status: true,
        restartCount: true,
        circuitState: true,
      },
      orderBy: [{ clusterId: "asc" }, { agentKey: "asc" }],
    }),
    db.node.findMany({ where: { stoppedAt: null }, select: { id: true, capacity: true } }),
    liveNodes(redis),
    db.healingEvent.groupBy({ by: ["kind", "outcome"], _count: { _all: true } }),
    redis.hgetall(keys.scalingDecisionCounts),
    redis.info("server"),
  ]);
  const waiting = await Promise.all(
    agents.map((a) => queues.of(a.id).getJobCountByTypes("waiting", "prioritized", "delayed")),
  );
  const liveClusters = new Set(clusters.map((c) => c.id));
  const agentLabels = (a: (typeof agents)[number]) => ({ cluster: a.clusterId, role: a.role, agent: a.agentKey });
  const beats = new Map(live.map((n) => [n.id, n]));
  const now = Date.now();
  const healingCounts = new Map(healing.map((h) => [`${h.kind}|${h.outcome}`, h._count._all]));
  const uptime = /uptime_in_seconds:(\d+)/.exec(redisInfo)?.[1];

  return [
    {
      type: "gauge",
      name: "myzel_cluster_info",
      help: "One series per cluster naming it, its type and status (join on cluster).",
      samples: clusters.map((c) => ({
        labels: { cluster: c.id, name: c.name, type: c.type, status: c.status.toLowerCase() },
        value: 1,
      })),
    },
    {
      type: "gauge",
      name: "myzel_cluster_desired_agents",
      help: "Agents each cluster should have (its desired size).",
      samples: clusters.map((c) => ({ labels: { cluster: c.id }, value: c.targetWorkers })),
    },
    { type: "gauge", name: "myzel_agents", help: "Agents by cluster, role and state.", samples: agentStates(agents) },
    {
      type: "counter",
      name: "myzel_agent_restarts_total",
      help: "Unexpected exits of each agent that led to a restart.",
      samples: agents.map((a) => ({ labels: agentLabels(a), value: a.restartCount })),
    },
    {
      type: "gauge",
      name: "myzel_agent_circuit_state",
      help: "Each agent's restart circuit: 1 for its current state (closed, open, half_open), 0 for the others.",
      samples: agents.flatMap((a) =>
        CIRCUIT_STATES.map((state) => ({
          labels: { ...agentLabels(a), state },
          value: a.circuitState === state ? 1 : 0,
        })),
      ),
    },
    {
      type: "gauge",
      name: "myzel_agent_queue_length",
      help: "Tasks on each agent's queue that it has not taken yet.",
      samples: agents.map((a, i) => ({ labels: agentLabels(a), value: waiting[i] ?? 0 })),
    },
    {
      type: "gauge",
      name: "myzel_node_capacity",
      help: "Agents each runner node may run.",
      samples: nodes.map((n) => ({ labels: { node: n.id }, value: beats.get(n.id)?.capacity ?? n.capacity })),
    },
    {
      type: "gauge",
      name: "myzel_node_agents",
      help: "Agents each runner node runs now (from its last heartbeat).",
      samples: nodes.map((n) => ({ labels: { node: n.id }, value: beats.get(n.id)?.running ?? 0 })),
    },
    {
      type: "gauge",
      name: "myzel_node_up",
      help: "1 while a runner node's heartbeat is current, 0 once it expired (the node is being given up).",
      samples: nodes.map((n) => ({ labels: { node: n.id }, value: beats.has(n.id) ? 1 : 0 })),
    },
    {
      type: "gauge",
      name: "myzel_node_heartbeat_age_seconds",
      help: "Seconds since each live runner node's last heartbeat.",
      samples: live.map((n) => ({ labels: { node: n.id }, value: Math.max(0, (now - n.at) / 1000) })),
    },
    {
      type: "counter",
      name: "myzel_healing_actions_total",
      help: "Healing history entries by kind and outcome (pending, ok, failed, held).",
      samples: HEALING_KINDS.flatMap((kind) =>
        HEALING_OUTCOMES.map((outcome) => ({
          labels: { kind, outcome },
          value: healingCounts.get(`${kind}|${outcome}`) ?? 0,
        })),
      ),
    },
    {
      type: "counter",
      name: "myzel_scaling_decisions_total",
      help: "Auto-scaler decisions by cluster, direction (up, down, none, hibernate, expire) and outcome.",
      samples: scalingSamples(scaling, liveClusters),
    },
    {
      type: "gauge",
      name: "myzel_redis_uptime_seconds",
      help: "Seconds since Redis started; it falls back to 0 when Redis restarts.",
      samples: uptime === undefined ? [] : [{ labels: {}, value: Number(uptime) }],
    },
  ];
}

function agentStates(agents: ReadonlyArray<{ clusterId: string; role: string; status: string }>): Sample[] {
  const counts = new Map<string, number>();
  for (const a of agents)
    counts.set(`${a.clusterId}|${a.role}|${a.status}`, (counts.get(`${a.clusterId}|${a.role}|${a.status}`) ?? 0) + 1);
  const pairs = new Map(agents.map((a) => [`${a.clusterId}|${a.role}`, { cluster: a.clusterId, role: a.role }]));
  return [...pairs].flatMap(([key, labels]) =>
    AGENT_STATUSES.map((status) => ({
      labels: { ...labels, state: status.toLowerCase() },
      value: counts.get(`${key}|${status}`) ?? 0,
    })),
  );
}

function scalingSamples(counts: Record<string, string>, liveClusters: ReadonlySet<string>): Sample[] {
  return Object.entries(counts).flatMap(([field, value]) => {
    const [cluster = "", direction = "", outcome = ""] = field.split("|");
    return liveClusters.has(cluster) ? [{ labels: { cluster, direction, outcome }, value: Number(value) }] : [];
  });
}

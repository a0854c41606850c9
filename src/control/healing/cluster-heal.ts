/**
 * The heal operation for one cluster: runs the checks of domain/healing/cluster-rules now and
 * heals what it finds (or, in a dry run, says what it would do); the run is on record with who
 * asked for it.
 */
import type { CoreDeps } from "../../core/deps";
import type { HealingLog } from "../../core/logs/healing-log";
import { rerouteAgentTasks } from "../../core/tasks/reroute";
import { RUNNING_CLUSTER_STATUSES } from "../../domain/cluster/agent-desired";
import { type ClusterFinding, diagnoseCluster } from "../../domain/healing/cluster-rules";
import { channels } from "../../infra/bus";
import type { HealReportDto } from "../../schemas/healing-api";
import { findCluster } from "../../services/clusters";
import { applyFindings } from "./apply-findings";

type Deps = Pick<CoreDeps, "db" | "redis" | "bus" | "log" | "settings" | "requestReconcile">;

export async function healCluster(
  deps: Deps,
  healingLog: HealingLog,
  sample: HealReportDto["sample"],
  options: { clusterId: string; actor: string; dryRun: boolean },
): Promise<HealReportDto> {
  const started = Date.now();
  const cluster = await findCluster(deps.db, options.clusterId);
  const [agents, queued, pending] = await Promise.all([
    deps.db.clusterAgent.findMany({
      where: { clusterId: cluster.id, removedAt: null },
      select: { id: true, agentKey: true, status: true, circuitState: true, nodeId: true },
      orderBy: { agentKey: "asc" },
    }),
    deps.db.task.groupBy({ by: ["agentId"], where: { clusterId: cluster.id, status: "QUEUED" }, _count: true }),
    deps.db.task.count({ where: { clusterId: cluster.id, status: "PENDING" } }),
  ]);
  const findings = diagnoseCluster({
    running: RUNNING_CLUSTER_STATUSES.includes(cluster.status),
    agents: agents.map((a) => ({ id: a.id, key: a.agentKey, status: a.status, circuit: a.circuitState })),
    queuedOn: new Map(queued.map((q) => [q.agentId!, q._count])),
    pending,
  });
  const report: HealReportDto = {
    dryRun: options.dryRun,
    sample,
    findings: await applyFindings(findings, {
      dryRun: options.dryRun,
      plan: (action, finding) => `would ${describe(action, finding)}`,
      run: (action, finding) => run(deps, action, finding, agents),
    }),
  };
  if (!options.dryRun) {
    const done = report.findings.flatMap((f) => f.results.map((r) => r.detail));
    await healingLog.record({
      kind: "manual_heal",
      severity: "info",
      subject: `cluster ${cluster.name}`,
      clusterId: cluster.id,
      actor: options.actor,
      detail: findings.length ? findings.map((f) => f.detail).join("; ") : "all checks passed",
      action: done.length ? done.join("; ") : "nothing to heal",
      response: done.length ? "acted" : "clear",
      outcome: report.findings.some((f) => f.results.some((r) => r.outcome === "failed")) ? "failed" : "ok",
      durationMs: Date.now() - started,
    });
  }
  return report;
}

function describe(action: string, finding: ClusterFinding): string {
  switch (action) {
    case "reset_circuit":
      return `reset the circuit breaker of ${finding.agentIds.length} agents and restart them`;
    case "restart_agents":
      return `restart ${finding.agentIds.length} agents`;
    case "reroute_tasks":
      return "route their queued tasks to running agents";
    default:
      return "route the waiting tasks now";
  }
}

async function run(
  deps: Deps,
  action: string,
  finding: ClusterFinding,
  agents: Array<{ id: string; nodeId: string | null }>,
): Promise<string> {
  if (action === "reset_circuit" || action === "restart_agents") {
    if (action === "reset_circuit")
      await deps.db.clusterAgent.updateMany({
        where: { id: { in: finding.agentIds } },
        data: { circuitState: "closed", circuitOpenedAt: null },
      });
    // Each runner forgets the agents' failures (backoff, breaker) and starts them again.
    const byNode = new Map<string, string[]>();
    for (const agent of agents.filter((a) => finding.agentIds.includes(a.id) && a.nodeId))
      byNode.set(agent.nodeId!, [...(byNode.get(agent.nodeId!) ?? []), agent.id]);
    await Promise.all(
      [...byNode].map(([node, agentIds]) => deps.bus.publish(channels.nodeSync(node), { type: "reset", agentIds })),
    );
    deps.requestReconcile();
    const n = finding.agentIds.length;
    return action === "reset_circuit"
      ? `reset the circuit breaker of ${n} agents; their runners start them again`
      : `asked the runners to start ${n} agents again`;
  }
  if (action === "reroute_tasks")
    return `routed ${await rerouteAgentTasks(deps, finding.agentIds)} tasks to running agents`;
  deps.requestReconcile();
  return "asked the control plane to route the waiting tasks now";
}

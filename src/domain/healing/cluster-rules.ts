/**
 * What the heal operation checks inside one cluster, and what it does about it: agents held
 * by an open circuit breaker get their breaker reset and a restart (a person decided to try
 * again), agents that should run and do not are restarted, tasks queued on agents that are not
 * running go to running ones, and tasks waiting for an agent are routed now. Pure.
 */
export type ClusterHealAction = "reset_circuit" | "restart_agents" | "reroute_tasks" | "dispatch_pending";

export interface ClusterHealthInput {
  /** Whether the cluster's agents should be running (ACTIVE, SPAWNING, SCALING_*). */
  running: boolean;
  agents: ReadonlyArray<{ id: string; key: string; status: string; circuit: string }>;
  /** Tasks queued on each agent (QUEUED in PostgreSQL), by agent id. */
  queuedOn: ReadonlyMap<string, number>;
  /** Tasks waiting for an agent (PENDING). */
  pending: number;
}

export interface ClusterFinding {
  kind: "circuit_open" | "agents_down" | "tasks_stranded" | "tasks_waiting";
  severity: "warning" | "critical";
  detail: string;
  actions: ClusterHealAction[];
  agentIds: string[];
}

const RUNNING = new Set(["IDLE", "BUSY", "STARTING"]);

export function diagnoseCluster(input: ClusterHealthInput): ClusterFinding[] {
  if (!input.running) return [];
  const findings: ClusterFinding[] = [];
  const open = input.agents.filter((a) => a.circuit !== "closed");
  if (open.length) {
    findings.push({
      kind: "circuit_open",
      severity: "critical",
      detail: `circuit breaker ${open.map((a) => `${a.key} (${a.circuit})`).join(", ")}`,
      actions: ["reset_circuit"],
      agentIds: open.map((a) => a.id),
    });
  }
  const down = input.agents.filter((a) => a.circuit === "closed" && !RUNNING.has(a.status));
  if (down.length) {
    findings.push({
      kind: "agents_down",
      severity: "warning",
      detail: `not running: ${down.map((a) => `${a.key} (${a.status})`).join(", ")}`,
      actions: ["restart_agents"],
      agentIds: down.map((a) => a.id),
    });
  }
  const stranded = input.agents.filter((a) => !RUNNING.has(a.status) && (input.queuedOn.get(a.id) ?? 0) > 0);
  if (stranded.length) {
    const tasks = stranded.reduce((sum, a) => sum + input.queuedOn.get(a.id)!, 0);
    findings.push({
      kind: "tasks_stranded",
      severity: "warning",
      detail: `${tasks} tasks queued on agents that are not running (${stranded.map((a) => a.key).join(", ")})`,
      actions: ["reroute_tasks"],
      agentIds: stranded.map((a) => a.id),
    });
  }
  if (input.pending > 0)
    findings.push({
      kind: "tasks_waiting",
      severity: "warning",
      detail: `${input.pending} tasks waiting for an agent`,
      actions: ["dispatch_pending"],
      agentIds: [],
    });
  return findings;
}

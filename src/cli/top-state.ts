/**
 * `myzel clusters top`'s model: what the screen shows, built from one snapshot and then kept
 * current by live events alone (no polling). Pure: the command feeds it events and draws
 * `topLines`; the tests feed it events and read the lines.
 */
import type { AgentDto, ClusterDto } from "../schemas/cluster-api";
import type { MyzelEvent } from "../schemas/events";
import type { MetricFigures } from "../schemas/metrics";

export interface TopAgent {
  id: string;
  key: string;
  role: string;
  status: AgentDto["status"];
  pid: number | null;
  circuit: AgentDto["circuit"];
  restarts: number;
  /** Tasks it started that have not finished, as the events tell. */
  running: number;
}

export interface TopState {
  cluster: Pick<ClusterDto, "id" | "name" | "status" | "targetWorkers" | "currentWorkers">;
  agents: Record<string, TopAgent>;
  sample: MetricFigures | null;
  /** Counted from the events seen since `top` started. */
  tasks: { submitted: number; started: number; succeeded: number; failed: number; cancelled: number };
  /** Which agent holds each task in flight (to take it off the agent when it finishes). */
  inFlight: Record<string, string>;
  /** The newest notable events (status changes, healing, scaling), newest last. */
  recent: string[];
  /** Events lost for good (the server's history ran out): the figures may be off until a restart. */
  stale: boolean;
}

const RECENT_LINES = 8;

export function initialTopState(
  cluster: TopState["cluster"],
  agents: AgentDto[],
  sample: MetricFigures | null,
): TopState {
  return {
    cluster: { ...cluster },
    agents: Object.fromEntries(
      agents.map((a) => [
        a.id,
        {
          id: a.id,
          key: a.key,
          role: a.role,
          status: a.status,
          pid: a.pid,
          circuit: a.circuit,
          restarts: a.restartCount,
          running: 0,
        },
      ]),
    ),
    sample,
    tasks: { submitted: 0, started: 0, succeeded: 0, failed: 0, cancelled: 0 },
    inFlight: {},
    recent: [],
    stale: false,
  };
}

/** The state after one event; events of other clusters change nothing. */
export function applyTopEvent(state: TopState, event: MyzelEvent): TopState {
  if (!("clusterId" in event) || event.clusterId !== state.cluster.id) return state;
  const time = event.at.slice(11, 19);
  switch (event.type) {
    case "cluster.status":
      return withRecent(
        { ...state, cluster: { ...state.cluster, status: event.to } },
        `${time} cluster ${event.from} → ${event.to}: ${event.reason}`,
      );
    case "agent.status": {
      const known = state.agents[event.agentId];
      // A restart is an agent coming back to life after a failure.
      const restarted = known?.status === "FAILED" && (event.status === "STARTING" || event.status === "IDLE");
      const agent: TopAgent = {
        id: event.agentId,
        key: event.key,
        role: known?.role ?? event.key.replace(/-\d+$/, ""),
        status: event.status,
        pid: event.pid,
        circuit: event.circuit,
        restarts: (known?.restarts ?? 0) + (restarted ? 1 : 0),
        running:
          event.status === "IDLE" || event.status === "STOPPED" || event.status === "FAILED"
            ? 0
            : (known?.running ?? 0),
      };
      const next = { ...state, agents: { ...state.agents, [event.agentId]: agent } };
      return event.status === "FAILED" || known?.circuit !== event.circuit
        ? withRecent(next, `${time} agent ${event.key} ${event.status}, circuit ${event.circuit}`)
        : next;
    }
    case "metrics.sample":
      return {
        ...state,
        sample: event.sample,
        cluster: { ...state.cluster, currentWorkers: event.sample.agentsActive },
      };
    case "tasks.submitted":
      return { ...state, tasks: { ...state.tasks, submitted: state.tasks.submitted + event.taskIds.length } };
    case "tasks.started": {
      const agents = { ...state.agents };
      const inFlight = { ...state.inFlight };
      for (const { id, agentId } of event.tasks) {
        inFlight[id] = agentId;
        const agent = agents[agentId];
        if (agent) agents[agentId] = { ...agent, running: agent.running + 1 };
      }
      return {
        ...state,
        agents,
        inFlight,
        tasks: { ...state.tasks, started: state.tasks.started + event.tasks.length },
      };
    }
    case "tasks.finished": {
      const agents = { ...state.agents };
      const inFlight = { ...state.inFlight };
      const tasks = { ...state.tasks };
      for (const { id, status } of event.tasks) {
        const holder = inFlight[id];
        delete inFlight[id];
        const agent = holder ? agents[holder] : undefined;
        if (agent) agents[holder!] = { ...agent, running: Math.max(0, agent.running - 1) };
        if (status === "SUCCEEDED") tasks.succeeded++;
        else if (status === "FAILED") tasks.failed++;
        else tasks.cancelled++;
      }
      return { ...state, agents, inFlight, tasks };
    }
    case "scaling.decision":
      return event.direction === "none"
        ? state
        : withRecent(
            {
              ...state,
              cluster: {
                ...state.cluster,
                targetWorkers: event.outcome === "applied" ? event.to : state.cluster.targetWorkers,
              },
            },
            `${time} scale ${event.direction} ${event.from} → ${event.to} (${event.outcome}): ${event.reason}`,
          );
    case "healing":
      return withRecent(
        state,
        `${time} healing ${event.kind} ${event.subject}: ${event.outcome}${event.action ? ` (${event.action})` : ""}`,
      );
    default:
      return state;
  }
}

function withRecent(state: TopState, line: string): TopState {
  return { ...state, recent: [...state.recent, line].slice(-RECENT_LINES) };
}

/** The screen, one string per row, no colours (the command paints statuses). */
export function topLines(state: TopState): string[] {
  const { cluster, sample, tasks } = state;
  const agents = Object.values(state.agents)
    .filter((a) => a.status !== "STOPPED")
    .sort((a, b) => a.key.localeCompare(b.key, undefined, { numeric: true }));
  const lines = [
    `${cluster.name}  ${cluster.status}  agents ${cluster.currentWorkers}/${cluster.targetWorkers}${state.stale ? "  (events were lost: restart top for exact figures)" : ""}`,
    sample
      ? `queue ${sample.queueLength}  wait ${Math.round(sample.queueWaitMs)} ms  ${sample.tasksPerMinute}/min  p95 ${Math.round(sample.p95ResponseMs)} ms  errors ${(sample.errorRate * 100).toFixed(1)}%  cpu ${Math.round(sample.cpuPercent)}%  mem ${Math.round(sample.memoryMb)} MB`
      : "no metrics sample yet",
    `tasks since start: submitted ${tasks.submitted}  started ${tasks.started}  succeeded ${tasks.succeeded}  failed ${tasks.failed}  cancelled ${tasks.cancelled}`,
    "",
    `${"AGENT".padEnd(24)}${"ROLE".padEnd(16)}${"STATUS".padEnd(10)}${"TASKS".padEnd(7)}${"PID".padEnd(9)}${"RESTARTS".padEnd(10)}CIRCUIT`,
    ...agents.map(
      (a) =>
        `${a.key.padEnd(24)}${a.role.padEnd(16)}${a.status.padEnd(10)}${String(a.running).padEnd(7)}${String(a.pid ?? "-").padEnd(9)}${String(a.restarts).padEnd(10)}${a.circuit}`,
    ),
  ];
  if (state.recent.length) lines.push("", "recent:", ...state.recent.map((line) => `  ${line}`));
  return lines;
}

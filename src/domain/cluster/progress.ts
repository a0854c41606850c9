/**
 * The lifecycle event a cluster's agents have earned: SPAWNING becomes ACTIVE when every
 * agent runs, scaling ends when the new agents run or the retired ones have stopped, and a
 * DESTROYING cluster is DESTROYED once nothing of it runs.
 */
import type { ClusterStatus, LifecycleEvent } from "./lifecycle";

export type AgentState = "PENDING" | "STARTING" | "IDLE" | "BUSY" | "FAILED" | "STOPPED";

export interface AgentProgress {
  removed: boolean;
  status: AgentState;
}

const RUNNING: readonly AgentState[] = ["IDLE", "BUSY"];
const ALIVE: readonly AgentState[] = ["STARTING", "IDLE", "BUSY"];

export function progressEvent(status: ClusterStatus, agents: readonly AgentProgress[]): LifecycleEvent | null {
  const active = agents.filter((a) => !a.removed);
  const retired = agents.filter((a) => a.removed);
  const allRunning = active.every((a) => RUNNING.includes(a.status));
  switch (status) {
    case "SPAWNING":
      return allRunning ? "spawned" : null;
    case "SCALING_UP":
      return allRunning ? "scaled" : null;
    case "SCALING_DOWN":
      return retired.every((a) => !ALIVE.includes(a.status)) ? "scaled" : null;
    case "DESTROYING":
      return agents.every((a) => !ALIVE.includes(a.status)) ? "destroyed" : null;
    default:
      return null;
  }
}

/**
 * The cluster lifecycle of cluster-system.md as a pure state machine.
 *
 *   PLANNING → SPAWNING → ACTIVE ⟷ SCALING_UP / SCALING_DOWN
 *                          ACTIVE → HIBERNATED → SPAWNING (woken: ACTIVE again once every agent runs)
 *   (any state but DESTROYING/DESTROYED) → DESTROYING → DESTROYED
 *
 * Destroying is allowed mid-spawn and mid-scale so a cluster whose agents cannot start
 * (no room, a crash at start-up) can always be removed.
 *
 * Every caller goes through `transition`; an event that does not apply to the current
 * state is refused with a reason and nothing changes.
 */

export const CLUSTER_STATUSES = [
  "PLANNING",
  "SPAWNING",
  "ACTIVE",
  "SCALING_UP",
  "SCALING_DOWN",
  "HIBERNATED",
  "DESTROYING",
  "DESTROYED",
] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

export const LIFECYCLE_EVENTS = [
  "spawn", // blueprint validated, agents are being started
  "spawned", // all agents are up
  "scale_up", // more agents wanted
  "scale_down", // fewer agents wanted
  "scaled", // target reached after scaling
  "hibernate", // idle or asked to sleep: every agent stops
  "reactivate", // wake a hibernated cluster: its agents start again
  "destroy", // delete requested: drain and stop
  "destroyed", // every agent stopped, data archived
] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

const TABLE: Record<ClusterStatus, Partial<Record<LifecycleEvent, ClusterStatus>>> = {
  PLANNING: { spawn: "SPAWNING", destroy: "DESTROYING" },
  SPAWNING: { spawned: "ACTIVE", destroy: "DESTROYING" },
  ACTIVE: {
    scale_up: "SCALING_UP",
    scale_down: "SCALING_DOWN",
    hibernate: "HIBERNATED",
    destroy: "DESTROYING",
  },
  SCALING_UP: { scaled: "ACTIVE", destroy: "DESTROYING" },
  SCALING_DOWN: { scaled: "ACTIVE", destroy: "DESTROYING" },
  // Waking starts every agent again; like a new cluster it is ACTIVE only once they all run.
  HIBERNATED: { reactivate: "SPAWNING", destroy: "DESTROYING" },
  DESTROYING: { destroyed: "DESTROYED" },
  DESTROYED: {},
};

export type TransitionResult =
  | { ok: true; from: ClusterStatus; to: ClusterStatus; event: LifecycleEvent }
  | { ok: false; from: ClusterStatus; event: LifecycleEvent; reason: string };

export function transition(from: ClusterStatus, event: LifecycleEvent): TransitionResult {
  const to = TABLE[from][event];
  if (to) return { ok: true, from, to, event };
  return { ok: false, from, event, reason: refusalReason(from, event) };
}

/** Events that apply in a state — what the dashboard offers as buttons. */
export function allowedEvents(from: ClusterStatus): LifecycleEvent[] {
  return LIFECYCLE_EVENTS.filter((event) => TABLE[from][event] !== undefined);
}

/**
 * Events someone asks for (an operator, the scaler, the idle check): they change what the
 * cluster should be, and so its version. The others report the reconciler's progress towards it.
 */
const REQUESTED: ReadonlySet<LifecycleEvent> = new Set([
  "spawn",
  "scale_up",
  "scale_down",
  "hibernate",
  "reactivate",
  "destroy",
]);

export function changesDesiredState(event: LifecycleEvent): boolean {
  return REQUESTED.has(event);
}

export function isTerminal(status: ClusterStatus): boolean {
  return allowedEvents(status).length === 0;
}

function refusalReason(from: ClusterStatus, event: LifecycleEvent): string {
  const allowed = allowedEvents(from);
  const options = allowed.length ? `possible now: ${allowed.join(", ")}` : "the cluster is gone";
  return `cannot ${event.replace("_", " ")} a cluster that is ${from} (${options})`;
}

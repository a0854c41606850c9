/** The words of agent supervision (see supervision.ts): its states, the events it hears and the effects it asks for. */

import type { HangWatch } from "../healing/hang-rules";
import type { CircuitState, RestartHistory, RestartPolicy } from "../healing/restart-policy";
import type { HealingKind as HealingVocabularyKind } from "../healing/vocabulary";

export interface SupervisionPolicy extends RestartPolicy {
  /** Silent (no IPC answer, no heartbeat) this long: hung. */
  hangMs: number;
  /** How often the runner checks for hangs (bounds the silence one check may count). */
  checkIntervalMs: number;
}

/** Why the runner itself ended the process: it is reported as the cause of the crash. */
export type KillCause = { kind: "hung" } | { kind: "memory"; rssMb: number; limitMb: number };

export type ExitInfo = { code: number | null; signal: string | null; expected: boolean };

export type Phase =
  /** No process and nothing pending: started when wanted. */
  | { kind: "idle" }
  /** Forked; the handshake is under way. */
  | { kind: "starting" }
  | { kind: "running"; readyAt: number; watch: (HangWatch & { answeredAt: number }) | null }
  /** Asked to drain: its exit is expected. */
  | { kind: "stopping" }
  /** Died unexpectedly; what to do is decided once its tasks went back to routing. */
  | { kind: "crashed"; at: number; startedAt: number | null; exit: ExitInfo; cause: KillCause | null }
  /** A restart is armed. */
  | { kind: "backoff" }
  /** The circuit is open: the cool-down is armed, nothing starts. */
  | { kind: "open" };

export interface SupervisionState {
  phase: Phase;
  history: RestartHistory;
  /** Whether the runner's last look found that this agent should run here. */
  wanted: boolean;
  /** When the failure of the open healing entry was detected (null: no entry open). */
  healingSince: number | null;
  /** Set when the runner killed or recycled the current process. */
  killedFor: KillCause | null;
}

export type Timer = "restart" | "cooldown" | "stable";
/** How an agent's failure is recorded in the healing history. */
export type HealingKind = Extract<HealingVocabularyKind, "agent_crashed" | "agent_hung">;

export type Effect =
  | { type: "spawn" }
  | { type: "stop" }
  | { type: "kill" }
  | { type: "recycle" }
  | { type: "arm"; timer: Timer; delayMs: number }
  | { type: "disarm"; timer: Timer }
  /** Start it again: from the cached record, or through a sync. */
  | { type: "restart" }
  | { type: "recordExit"; exit: ExitInfo }
  | { type: "publishStatus"; status: "FAILED" | "STOPPED" }
  /** Its queued and running tasks go back to routing; answered with a `rerouted` event. */
  | { type: "reroute" }
  /** Read its heartbeat; answered with a `witness` event. */
  | { type: "askWitness"; readyAt: number }
  | { type: "startHealing"; kind: HealingKind; detail: string; action: string; at: number }
  | { type: "finishHealing"; outcome: "ok" | "failed"; durationMs: number }
  | { type: "persistCircuit"; circuit: CircuitState; openedAt: number | null }
  | { type: "recordCircuitOpened"; detail: string; action: string }
  /** Its trial run lasted: the circuit closes (if the agent still exists) and that is recorded. */
  | { type: "closeCircuit" }
  /** Tell the control plane something changed. */
  | { type: "nudge" };

export type Event =
  | { type: "wanted" }
  | { type: "unwanted" }
  /** A spawn that never produced a process (e.g. its OS user is missing). */
  | { type: "notStarted" }
  | { type: "ready"; readyAt: number }
  | { type: "exited"; exit: ExitInfo; runnerStopping: boolean }
  | { type: "rerouted"; tasks: number; random: number }
  | { type: "timer"; timer: Timer }
  /** A person asked to heal it: its failures no longer hold it back. */
  | { type: "reset" }
  | { type: "hangCheck"; lastAnswerAt: number; elapsedMs: number }
  | { type: "witness"; readyAt: number; heartbeatAgeMs: number | undefined }
  | { type: "memory"; rssMb: number; limitMb: number };

export interface Step {
  state: SupervisionState;
  effects: Effect[];
}

/**
 * One agent's supervision on its runner, as one state machine: `next(state, event, now, policy)`
 * returns the new state and the effects the runner carries out (spawn, stop, kill, arm a timer,
 * record to the healing history, publish the status). Pure: the clock and the jitter come in.
 *
 *            wanted                ready                    exit (unexpected)
 *   idle ───────────▶ starting ──────────▶ running ──────────────────────────▶ crashed
 *    ▲  ▲                │ exit               │ unwanted                         │ tasks rerouted:
 *    │  │                ▼                    ▼                                  │ restart policy
 *    │  └────────── (expected exit) ◀──── stopping                              │
 *    │                                                                           ▼
 *    ├──── restart timer ◀──── backoff ◀────────── restart (after the backoff) ──┤
 *    └──── cool-down timer ◀── open ◀───────────── hold (the circuit opened) ────┘
 *
 * Backoff and breaker are domain/healing/restart-policy's; hang judgement is
 * domain/healing/hang-rules'. This file only sequences them per agent.
 */
import { isHung, watchCheck } from "../healing/hang-rules";
import { freshHistory, onCooldownCheck, onFailure, onStable, type RestartHistory } from "../healing/restart-policy";
import type { Effect, Event, KillCause, Phase, Step, SupervisionPolicy, SupervisionState, Timer } from "./types";

export type * from "./types";

export const initialSupervision = (): SupervisionState => ({
  phase: { kind: "idle" },
  history: freshHistory(),
  wanted: false,
  healingSince: null,
  killedFor: null,
});

/** Whether a process of it exists (starting, running or draining). */
export function hasProcess(state: SupervisionState): boolean {
  return ["starting", "running", "stopping"].includes(state.phase.kind);
}

const isFresh = (h: RestartHistory) => h.consecutive === 0 && h.failures.length === 0 && h.circuit === "closed";

export function next(state: SupervisionState, event: Event, now: number, policy: SupervisionPolicy): Step {
  const { phase } = state;
  const stay: Step = { state, effects: [] };
  switch (event.type) {
    case "wanted": {
      const wanted = { ...state, wanted: true };
      if (phase.kind !== "idle" || state.history.circuit === "open") return { state: wanted, effects: [] };
      return { state: { ...wanted, phase: { kind: "starting" } }, effects: [{ type: "spawn" }] };
    }
    case "unwanted": {
      const unwanted = { ...state, wanted: false };
      if (phase.kind === "starting" || phase.kind === "running")
        return {
          state: { ...unwanted, phase: { kind: "stopping" } },
          effects: [{ type: "disarm", timer: "stable" }, { type: "stop" }],
        };
      // Asked again on every look: a process forked while the first request was under way drains too.
      if (phase.kind === "stopping") return { state: unwanted, effects: [{ type: "stop" }] };
      // No restart stays armed for an agent that should not run; an open circuit still cools down.
      if (phase.kind === "backoff")
        return { state: { ...unwanted, phase: { kind: "idle" } }, effects: [{ type: "disarm", timer: "restart" }] };
      return { state: unwanted, effects: [] };
    }
    case "notStarted":
      return phase.kind === "starting" ? { state: { ...state, phase: { kind: "idle" } }, effects: [] } : stay;
    case "ready":
      return onReady(state, event.readyAt, now, policy);
    case "exited":
      return onExit(state, event, now);
    case "rerouted":
      return phase.kind === "crashed" ? decide(state, phase, event, now, policy) : stay;
    case "timer":
      return onTimer(state, event.timer, now, policy);
    case "reset": {
      const effects: Effect[] = [{ type: "disarm", timer: "stable" }];
      let next: Phase = phase;
      if (phase.kind === "backoff" || phase.kind === "open") {
        next = { kind: "idle" };
        effects.push({ type: "disarm", timer: phase.kind === "backoff" ? "restart" : "cooldown" });
      }
      return { state: { ...state, phase: next, history: freshHistory() }, effects };
    }
    case "hangCheck": {
      if (phase.kind !== "running") return stay;
      // The first check of a run only notes the answer it starts from.
      const watch = phase.watch
        ? {
            ...watchCheck(
              phase.watch,
              event.lastAnswerAt > phase.watch.answeredAt,
              event.elapsedMs,
              policy.checkIntervalMs,
            ),
            answeredAt: event.lastAnswerAt,
          }
        : { silentMs: 0, answeredAt: event.lastAnswerAt };
      const effects: Effect[] = watch.silentMs >= policy.hangMs ? [{ type: "askWitness", readyAt: phase.readyAt }] : [];
      return { state: { ...state, phase: { ...phase, watch } }, effects };
    }
    case "witness": {
      // Only the run that was judged: a replacement started meanwhile has had no chance to beat.
      if (phase.kind !== "running" || phase.readyAt !== event.readyAt || !phase.watch) return stay;
      if (!isHung(phase.watch, event.heartbeatAgeMs, policy.hangMs)) return stay;
      return { state: { ...state, killedFor: { kind: "hung" } }, effects: [{ type: "kill" }] };
    }
    case "memory": {
      if (!hasProcess(state) || state.killedFor || event.rssMb <= event.limitMb) return stay;
      return {
        state: { ...state, killedFor: { kind: "memory", rssMb: event.rssMb, limitMb: event.limitMb } },
        effects: [{ type: "recycle" }],
      };
    }
  }
}

function onReady(state: SupervisionState, readyAt: number, now: number, policy: SupervisionPolicy): Step {
  if (state.phase.kind !== "starting" && state.phase.kind !== "stopping") return { state, effects: [] };
  const effects: Effect[] = [];
  if (state.healingSince !== null)
    effects.push({ type: "finishHealing", outcome: "ok", durationMs: now - state.healingSince });
  if (state.phase.kind === "stopping") return { state: { ...state, healingSince: null }, effects };
  // A run that lasts the stable period closes the circuit and resets the backoff.
  if (!isFresh(state.history)) effects.push({ type: "arm", timer: "stable", delayMs: policy.stableMs });
  return {
    state: { ...state, healingSince: null, phase: { kind: "running", readyAt, watch: null } },
    effects,
  };
}

function onExit(state: SupervisionState, event: Extract<Event, { type: "exited" }>, now: number): Step {
  const { phase } = state;
  if (!hasProcess(state)) return { state, effects: [] };
  const { exit } = event;
  const effects: Effect[] = [
    { type: "disarm", timer: "stable" },
    { type: "recordExit", exit },
    { type: "publishStatus", status: exit.expected ? "STOPPED" : "FAILED" },
  ];
  const cleared = { ...state, killedFor: null };
  if (exit.expected || event.runnerStopping)
    return { state: { ...cleared, phase: { kind: "idle" } }, effects: [...effects, { type: "nudge" }] };
  const startedAt = phase.kind === "running" ? phase.readyAt : null;
  return {
    state: { ...cleared, phase: { kind: "crashed", at: now, startedAt, exit, cause: state.killedFor } },
    effects: [...effects, { type: "reroute" }],
  };
}

/** The restart policy's answer to a crash, once its tasks are routing again. */
function decide(
  state: SupervisionState,
  crash: Extract<Phase, { kind: "crashed" }>,
  event: Extract<Event, { type: "rerouted" }>,
  now: number,
  policy: SupervisionPolicy,
): Step {
  const decision = onFailure(state.history, crash.startedAt, crash.at, policy, () => event.random);
  const detail = `${crashReason(crash.cause, policy)} (exit ${crash.exit.code ?? crash.exit.signal})${event.tasks ? `; ${event.tasks} queued or running tasks routed to other agents` : ""}`;
  const history = decision.history;
  if (decision.action === "hold") {
    const effects: Effect[] = [{ type: "persistCircuit", circuit: "open", openedAt: crash.at }];
    if (state.healingSince !== null)
      effects.push({ type: "finishHealing", outcome: "failed", durationMs: now - state.healingSince });
    effects.push(
      {
        type: "recordCircuitOpened",
        detail: `${history.failures.length} failures within ${policy.windowMs / 1000} s; last: ${detail}`,
        action: `no restarts or routing for ${policy.cooldownMs / 1000} s, then one trial`,
      },
      { type: "arm", timer: "cooldown", delayMs: decision.retryInMs },
      { type: "nudge" },
    );
    return { state: { ...state, history, healingSince: null, phase: { kind: "open" } }, effects };
  }
  // No restart is scheduled for an agent that should no longer run here.
  if (!state.wanted) return { state: { ...state, history, phase: { kind: "idle" } }, effects: [{ type: "nudge" }] };
  const effects: Effect[] = [];
  if (state.healingSince === null)
    effects.push({
      type: "startHealing",
      kind: crash.cause?.kind === "hung" ? "agent_hung" : "agent_crashed",
      detail,
      action: decision.delayMs ? `restart after ${decision.delayMs} ms (backoff)` : "restart now",
      at: crash.at,
    });
  effects.push({ type: "arm", timer: "restart", delayMs: decision.delayMs }, { type: "nudge" });
  return {
    state: { ...state, history, healingSince: state.healingSince ?? crash.at, phase: { kind: "backoff" } },
    effects,
  };
}

function onTimer(state: SupervisionState, timer: Timer, now: number, policy: SupervisionPolicy): Step {
  const { phase } = state;
  if (timer === "restart" && phase.kind === "backoff")
    return { state: { ...state, phase: { kind: "idle" } }, effects: state.wanted ? [{ type: "restart" }] : [] };
  if (timer === "cooldown" && phase.kind === "open") {
    // The timer was armed for the cool-down: it has passed, whatever the clock's rounding says.
    const openedAt = state.history.openedAt ?? now;
    const history = onCooldownCheck(state.history, Math.max(now, openedAt + policy.cooldownMs), policy);
    const effects: Effect[] = [{ type: "persistCircuit", circuit: history.circuit, openedAt: history.openedAt }];
    if (state.wanted) effects.push({ type: "restart" });
    return { state: { ...state, history, phase: { kind: "idle" } }, effects };
  }
  if (timer === "stable" && phase.kind === "running" && !isFresh(state.history)) {
    const wasTrial = state.history.circuit === "half_open";
    return { state: { ...state, history: onStable() }, effects: wasTrial ? [{ type: "closeCircuit" }] : [] };
  }
  return { state, effects: [] };
}

/** What the healing history says happened. */
export function crashReason(cause: KillCause | null, policy: Pick<SupervisionPolicy, "hangMs">): string {
  if (cause?.kind === "hung")
    return `hung: no heartbeat and no answer to the runner's pings for ${policy.hangMs / 1000} s, killed`;
  if (cause?.kind === "memory")
    return `over its memory limit (${cause.rssMb.toFixed(0)} MB resident, limit ${cause.limitMb} MB), drained and restarted`;
  return "the agent process died";
}

/** Shared by the supervision tests: a policy, and a way to feed events in order. */
import {
  type Effect,
  type Event,
  type ExitInfo,
  initialSupervision,
  next,
  type SupervisionPolicy,
  type SupervisionState,
} from "./supervision";

export const policy: SupervisionPolicy = {
  baseMs: 100,
  maxMs: 2000,
  stableMs: 10_000,
  threshold: 3,
  windowMs: 60_000,
  cooldownMs: 30_000,
  hangMs: 1000,
  checkIntervalMs: 100,
};

export const died: ExitInfo = { code: 1, signal: null, expected: false };
export const drained: ExitInfo = { code: 0, signal: null, expected: true };

/** Feeds events in order, each at its time; returns the last state and every effect. */
export function run(events: Array<[number, Event]>, from: SupervisionState = initialSupervision()) {
  let state = from;
  const effects: Effect[][] = [];
  for (const [at, event] of events) {
    const step = next(state, event, at, policy);
    state = step.state;
    effects.push(step.effects);
  }
  return { state, effects, last: effects.at(-1) ?? [] };
}

export const types = (effects: Effect[]) => effects.map((e) => e.type);
export const crash = (at: number, tasks = 0, random = 0.5): Array<[number, Event]> => [
  [at, { type: "exited", exit: died, runnerStopping: false }],
  [at + 5, { type: "rerouted", tasks, random }],
];
export const startRunning = (at: number): Array<[number, Event]> => [
  [at, { type: "wanted" }],
  [at + 10, { type: "ready", readyAt: at + 10 }],
];

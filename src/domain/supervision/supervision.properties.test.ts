import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crash, policy, run } from "./fixtures";
import { type Event, initialSupervision, next } from "./supervision";

/** Random walks through the machine: the runner's view of time and events. */
const eventArb: fc.Arbitrary<Event> = fc.oneof(
  fc.constant<Event>({ type: "wanted" }),
  fc.constant<Event>({ type: "unwanted" }),
  fc.constant<Event>({ type: "notStarted" }),
  fc.constant<Event>({ type: "ready", readyAt: 0 }),
  fc.boolean().map<Event>((expected) => ({
    type: "exited",
    exit: { code: expected ? 0 : 1, signal: null, expected },
    runnerStopping: false,
  })),
  fc
    .record({ tasks: fc.nat(5), random: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) })
    .map<Event>((r) => ({ type: "rerouted", ...r })),
  fc.constantFrom<Event>(
    { type: "timer", timer: "restart" },
    { type: "timer", timer: "cooldown" },
    { type: "timer", timer: "stable" },
  ),
  fc.constant<Event>({ type: "reset" }),
);
const walkArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 20_000 }), eventArb), { maxLength: 60 });

/** Times become absolute (steps apart), and `ready` carries its own time. */
function walk(steps: Array<[number, Event]>): Array<[number, Event]> {
  let at = 0;
  return steps.map(([gap, event]) => {
    at += gap;
    return [at, event.type === "ready" ? { type: "ready", readyAt: at } : event];
  });
}

describe("supervision: properties", () => {
  it("the circuit opens after `threshold` crashes within the window, and not before", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }), (gaps) => {
        let state = initialSupervision();
        let at = 0;
        const crashes: number[] = [];
        for (const gap of gaps) {
          at += gap;
          state = run([[at, { type: "wanted" }], [at + 1, { type: "ready", readyAt: at + 1 }], ...crash(at + 2)], {
            ...state,
            phase: { kind: "idle" },
          }).state;
          crashes.push(at + 2);
          // Every crash here is within a short run (< stableMs) and the window (60 s > 8 × 5 s).
          if (state.phase.kind === "open") break;
        }
        expect(state.phase.kind === "open").toBe(crashes.length >= policy.threshold);
        if (state.phase.kind === "open") expect(crashes.length).toBe(policy.threshold);
      }),
    );
  });

  it("backoff never exceeds the max, and nothing is armed for less than zero", () => {
    fc.assert(
      fc.property(walkArb, (steps) => {
        for (const effects of run(walk(steps)).effects)
          for (const effect of effects)
            if (effect.type === "arm" && effect.timer === "restart") {
              expect(effect.delayMs).toBeGreaterThanOrEqual(0);
              expect(effect.delayMs).toBeLessThanOrEqual(policy.maxMs);
            }
      }),
    );
  });

  it("no restart is scheduled or started for an agent that is no longer wanted", () => {
    fc.assert(
      fc.property(walkArb, (steps) => {
        let state = initialSupervision();
        for (const [at, event] of walk(steps)) {
          const step = next(state, event, at, policy);
          if (!step.state.wanted) {
            const started = step.effects.filter(
              (e) => e.type === "spawn" || e.type === "restart" || (e.type === "arm" && e.timer === "restart"),
            );
            expect(started).toEqual([]);
            expect(step.state.phase.kind).not.toBe("backoff");
          }
          state = step.state;
        }
      }),
    );
  });

  it("spawns only from idle with the circuit not open, and at most one process at a time", () => {
    fc.assert(
      fc.property(walkArb, (steps) => {
        let state = initialSupervision();
        let processes = 0;
        for (const [at, event] of walk(steps)) {
          const step = next(state, event, at, policy);
          if (step.effects.some((e) => e.type === "spawn")) {
            expect(state.phase.kind).toBe("idle");
            expect(state.history.circuit).not.toBe("open");
            processes++;
          }
          if (event.type === "exited" && ["starting", "running", "stopping"].includes(state.phase.kind)) processes--;
          if (event.type === "notStarted" && state.phase.kind === "starting") processes--;
          expect(processes).toBeGreaterThanOrEqual(0);
          expect(processes).toBeLessThanOrEqual(1);
          state = step.state;
        }
      }),
    );
  });

  it("opens at most one healing entry per outage and closes it once", () => {
    fc.assert(
      fc.property(walkArb, (steps) => {
        let open = 0;
        for (const effects of run(walk(steps)).effects)
          for (const effect of effects) {
            if (effect.type === "startHealing") open++;
            if (effect.type === "finishHealing") open--;
            expect(open === 0 || open === 1).toBe(true);
          }
      }),
    );
  });
});

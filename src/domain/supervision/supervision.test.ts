import { describe, expect, it } from "vitest";
import { crash, died, drained, policy, run, startRunning, types } from "./fixtures";
import { type Event, next } from "./supervision";

describe("supervision: starting and stopping", () => {
  it("spawns an agent that is wanted, once", () => {
    const { state, effects } = run([
      [0, { type: "wanted" }],
      [1, { type: "wanted" }],
    ]);
    expect(types(effects[0]!)).toEqual(["spawn"]);
    expect(effects[1]).toEqual([]);
    expect(state.phase.kind).toBe("starting");
  });

  it("drains an agent no longer wanted, and its exit is quiet", () => {
    const { state, effects } = run([
      ...startRunning(0),
      [100, { type: "unwanted" }],
      [200, { type: "exited", exit: drained, runnerStopping: false }],
    ]);
    expect(types(effects[2]!)).toEqual(["disarm", "stop"]);
    expect(types(effects[3]!)).toEqual(["disarm", "recordExit", "publishStatus", "nudge"]);
    expect(effects[3]).toContainEqual({ type: "publishStatus", status: "STOPPED" });
    expect(state.phase.kind).toBe("idle");
  });

  it("goes back to idle when a spawn produced no process", () => {
    const { state } = run([
      [0, { type: "wanted" }],
      [1, { type: "notStarted" }],
    ]);
    expect(state.phase.kind).toBe("idle");
    expect(types(next(state, { type: "wanted" }, 2, policy).effects)).toEqual(["spawn"]);
  });

  it("does not treat the exits of a stopping runner as crashes", () => {
    const { state, last } = run([...startRunning(0), [50, { type: "exited", exit: died, runnerStopping: true }]]);
    expect(state.phase.kind).toBe("idle");
    expect(last).toContainEqual({ type: "publishStatus", status: "FAILED" });
    expect(types(last)).not.toContain("reroute");
  });
});

describe("supervision: crashes", () => {
  it("reroutes first, then restarts at once after a first crash and records it", () => {
    const { state, effects } = run([...startRunning(0), ...crash(1000, 2)]);
    expect(types(effects[2]!)).toEqual(["disarm", "recordExit", "publishStatus", "reroute"]);
    const decided = effects[3]!;
    expect(decided).toContainEqual({
      type: "startHealing",
      kind: "agent_crashed",
      detail: "the agent process died (exit 1); 2 queued or running tasks routed to other agents",
      action: "restart now",
      at: 1000,
    });
    expect(decided).toContainEqual({ type: "arm", timer: "restart", delayMs: 0 });
    expect(state.phase.kind).toBe("backoff");
  });

  it("holds the restart until the decision, and starts only when its timer fires", () => {
    const crashed = run([...startRunning(0), [1000, { type: "exited", exit: died, runnerStopping: false }]]).state;
    expect(next(crashed, { type: "wanted" }, 1001, policy).effects).toEqual([]);
    const waiting = run(crash(1000).slice(1), crashed).state;
    expect(next(waiting, { type: "wanted" }, 1006, policy).effects).toEqual([]);
    const fired = next(waiting, { type: "timer", timer: "restart" }, 1007, policy);
    expect(fired.effects).toEqual([{ type: "restart" }]);
    expect(types(next(fired.state, { type: "wanted" }, 1008, policy).effects)).toEqual(["spawn"]);
  });

  it("closes the healing entry with the time to recovery when the replacement is ready", () => {
    const { last } = run([
      ...startRunning(0),
      ...crash(1000),
      [1010, { type: "timer", timer: "restart" }],
      [1011, { type: "wanted" }],
      [1500, { type: "ready", readyAt: 1500 }],
    ]);
    expect(last).toContainEqual({ type: "finishHealing", outcome: "ok", durationMs: 500 });
    expect(last).toContainEqual({ type: "arm", timer: "stable", delayMs: policy.stableMs });
  });

  it("names a hang and a memory recycle as the cause", () => {
    const hung = run([
      ...startRunning(0),
      [100, { type: "hangCheck", lastAnswerAt: 10, elapsedMs: 100 }],
      ...Array.from({ length: 12 }, (_, i): [number, Event] => [
        200 + i * 100,
        { type: "hangCheck", lastAnswerAt: 10, elapsedMs: 100 },
      ]),
    ]);
    expect(types(hung.last)).toEqual(["askWitness"]);
    const killed = next(hung.state, { type: "witness", readyAt: 10, heartbeatAgeMs: 5000 }, 1400, policy);
    expect(killed.effects).toEqual([{ type: "kill" }]);
    const after = run(crash(1500), killed.state);
    expect(after.last).toContainEqual(
      expect.objectContaining({
        type: "startHealing",
        kind: "agent_hung",
        detail: "hung: no heartbeat and no answer to the runner's pings for 1 s, killed (exit 1)",
      }),
    );

    const fat = run([...startRunning(0), [100, { type: "memory", rssMb: 612.4, limitMb: 512 }]]);
    expect(fat.last).toEqual([{ type: "recycle" }]);
    expect(next(fat.state, { type: "memory", rssMb: 700, limitMb: 512 }, 101, policy).effects).toEqual([]);
    expect(run(crash(200), fat.state).last).toContainEqual(
      expect.objectContaining({
        kind: "agent_crashed",
        detail: "over its memory limit (612 MB resident, limit 512 MB), drained and restarted (exit 1)",
      }),
    );
  });

  it("never judges a replacement by its predecessor's silence", () => {
    const silent = run([
      ...startRunning(0),
      ...Array.from({ length: 15 }, (_, i): [number, Event] => [
        100 + i * 100,
        { type: "hangCheck", lastAnswerAt: 10, elapsedMs: 100 },
      ]),
    ]).state;
    expect(next(silent, { type: "witness", readyAt: 999, heartbeatAgeMs: undefined }, 2000, policy).effects).toEqual(
      [],
    );
    // A heartbeat still young says it is alive.
    expect(next(silent, { type: "witness", readyAt: 10, heartbeatAgeMs: 200 }, 2000, policy).effects).toEqual([]);
  });
});

describe("supervision: the circuit", () => {
  it("opens on the threshold-th crash, holds, then tries once and closes after a stable run", () => {
    let { state } = run(startRunning(0));
    for (const at of [1000, 2000]) {
      state = run(
        [...crash(at), [at + 500, { type: "timer", timer: "restart" }], ...startRunning(at + 501)],
        state,
      ).state;
    }
    const opened = run(crash(3000), state);
    expect(opened.state.phase.kind).toBe("open");
    // The replacements became ready: no healing entry is left open to fail.
    expect(types(opened.last)).toEqual(["persistCircuit", "recordCircuitOpened", "arm", "nudge"]);
    expect(opened.last).toContainEqual({ type: "arm", timer: "cooldown", delayMs: policy.cooldownMs });
    expect(next(opened.state, { type: "wanted" }, 4000, policy).effects).toEqual([]);

    const cooled = next(opened.state, { type: "timer", timer: "cooldown" }, 3000 + policy.cooldownMs, policy);
    expect(cooled.effects).toEqual([
      { type: "persistCircuit", circuit: "half_open", openedAt: 3000 },
      { type: "restart" },
    ]);
    const trial = run(startRunning(40_000), cooled.state);
    const stable = next(trial.state, { type: "timer", timer: "stable" }, 50_010, policy);
    expect(stable.effects).toEqual([{ type: "closeCircuit" }]);
    expect(stable.state.history.circuit).toBe("closed");
  });

  it("fails the open healing entry when the circuit opens before a replacement was ready", () => {
    let { state } = run(startRunning(0));
    // Replacements that die during start-up: the first crash's entry stays open until the circuit opens.
    for (const at of [1000, 2000]) {
      state = run(crash(at), state).state;
      state = run(
        [
          [at + 500, { type: "timer", timer: "restart" }],
          [at + 501, { type: "wanted" }],
        ],
        state,
      ).state;
    }
    const opened = run(crash(3000), state);
    expect(opened.state.phase.kind).toBe("open");
    expect(opened.last).toContainEqual({ type: "finishHealing", outcome: "failed", durationMs: 2005 });
    expect(opened.state.healingSince).toBeNull();
  });

  it("opens again at once when the trial run fails", () => {
    let { state } = run(startRunning(0));
    for (const at of [1000, 2000, 3000])
      state = run(crash(at), { ...state, phase: { kind: "running", readyAt: at - 1, watch: null } }).state;
    state = next(state, { type: "timer", timer: "cooldown" }, 40_000, policy).state;
    state = run(startRunning(40_001), state).state;
    expect(run(crash(41_000), state).state.phase.kind).toBe("open");
  });

  it("forgets everything on a reset, and lets the agent start now", () => {
    let { state } = run(startRunning(0));
    for (const at of [1000, 2000, 3000])
      state = run(crash(at), { ...state, phase: { kind: "running", readyAt: at - 1, watch: null } }).state;
    expect(state.phase.kind).toBe("open");
    const reset = next(state, { type: "reset" }, 4000, policy);
    expect(reset.effects).toContainEqual({ type: "disarm", timer: "cooldown" });
    expect(reset.state.history.circuit).toBe("closed");
    expect(types(next(reset.state, { type: "wanted" }, 4001, policy).effects)).toEqual(["spawn"]);
  });
});

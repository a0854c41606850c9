import { describe, expect, it } from "vitest";
import { DEFAULT_LIVENESS, freshLiveness, judge, type LivenessState, observe, type ProbeOutcome } from "./liveness";

const policy = DEFAULT_LIVENESS; // 3 failures over 3 s; dead after 30 s without an answer
const alive = { managed: true, alive: true } as const;
const external = { managed: false } as const;

/** Probes one second apart, starting at t = 0; returns the state after the last. */
function run(outcomes: ProbeOutcome[], state: LivenessState = freshLiveness()) {
  return outcomes.reduce((s, outcome, i) => observe(s, outcome, i * 1000), state);
}

describe("liveness", () => {
  it("answers mean up", () => {
    expect(judge(run(["ok", "ok"]), alive, 1000, policy)).toEqual({ status: "up" });
  });

  it("a managed process that exited is down at once, whatever the probes said", () => {
    expect(judge(freshLiveness(), { managed: true, alive: false }, 0, policy)).toMatchObject({
      status: "down",
      detail: "its process exited",
    });
  });

  it("one unanswered probe is nothing; two in a row are slow, not down", () => {
    expect(judge(run(["unanswered"]), alive, 0, policy)).toEqual({ status: "up" });
    expect(judge(run(["unanswered", "unanswered"]), alive, 1000, policy)).toMatchObject({ status: "slow" });
  });

  it("a live process that answers late stays slow however many probes it misses, up to the unresponsive limit", () => {
    const state = run(Array<ProbeOutcome>(10).fill("unanswered"));
    expect(judge(state, alive, 9000, policy)).toMatchObject({
      status: "slow",
      detail: expect.stringContaining("its process is alive"),
    });
    expect(judge(state, alive, 29_999, policy).status).toBe("slow");
    expect(judge(state, alive, 30_000, policy)).toMatchObject({
      status: "down",
      detail: expect.stringContaining("although its process is alive"),
    });
  });

  it("refused connections are down only when they last the whole window", () => {
    expect(judge(run(["unreachable", "unreachable", "unreachable"]), external, 2000, policy).status).toBe("slow");
    expect(judge(run(["unreachable", "unreachable", "unreachable"]), external, 3000, policy)).toMatchObject({
      status: "down",
      detail: expect.stringContaining("refused 3 times"),
    });
    // Two refusals over a long span are still not three in a row.
    expect(judge(run(["unreachable", "unreachable"]), external, 10_000, policy).status).toBe("slow");
  });

  it("a run mixing refusals and late answers is not judged dead by the refusal rule", () => {
    expect(judge(run(["unreachable", "unanswered", "unreachable", "unreachable"]), alive, 5000, policy).status).toBe(
      "slow",
    );
  });

  it("one answer ends the run of failures", () => {
    const state = run(["unreachable", "unreachable", "ok"]);
    expect(state).toEqual(freshLiveness());
    expect(judge(observe(state, "unreachable", 5000), external, 9000, policy)).toEqual({ status: "up" });
  });
});

import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  freshHistory,
  onCooldownCheck,
  onFailure,
  onStable,
  type RestartHistory,
  type RestartPolicy,
} from "./restart-policy";

const policy: RestartPolicy = {
  baseMs: 200,
  maxMs: 10_000,
  stableMs: 30_000,
  threshold: 5,
  windowMs: 60_000,
  cooldownMs: 30_000,
};
const half = () => 0.5;

/** Fails an agent again and again, each run lasting `upMs`, starting at t=0. */
function crashLoop(times: number, upMs: number) {
  let history: RestartHistory = freshHistory();
  let now = 0;
  const decisions = [];
  for (let i = 0; i < times; i++) {
    const startedAt = now;
    now += upMs;
    const decision = onFailure(history, startedAt, now, policy, half);
    decisions.push(decision);
    history = decision.history;
    if (decision.action === "restart") now += decision.delayMs;
  }
  return decisions;
}

describe("backoff", () => {
  it("restarts the first failure at once, then doubles with jitter up to the cap", () => {
    expect(backoffDelay(1, policy, half)).toBe(0);
    expect(backoffDelay(2, policy, () => 0)).toBe(100);
    expect(backoffDelay(2, policy, () => 1)).toBe(200);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(20, policy, () => 1)).toBe(10_000);
  });

  it("resets after a run that stayed up for the stable period", () => {
    const first = onFailure(freshHistory(), 0, 1000, policy, half);
    const second = onFailure(first.history, 1000, 2000, policy, half);
    expect(second).toMatchObject({ action: "restart", history: { consecutive: 2 } });
    const afterStableRun = onFailure(second.history, 2000, 2000 + policy.stableMs, policy, half);
    expect(afterStableRun).toMatchObject({
      action: "restart",
      delayMs: 0,
      history: { consecutive: 1, circuit: "closed" },
    });
  });
});

describe("circuit breaker", () => {
  it("a crash loop backs off, then opens the circuit instead of restarting in a storm", () => {
    const decisions = crashLoop(6, 50);
    expect(decisions.slice(0, 4).map((d) => d.action)).toEqual(["restart", "restart", "restart", "restart"]);
    expect(decisions.slice(0, 4).map((d) => (d.action === "restart" ? d.delayMs : -1))).toEqual([0, 150, 300, 600]);
    expect(decisions[4]).toMatchObject({ action: "hold", retryInMs: policy.cooldownMs, history: { circuit: "open" } });
  });

  it("is half-open after the cool-down, closes after a stable run, reopens on another failure", () => {
    const open = crashLoop(5, 50)[4]!.history;
    expect(onCooldownCheck(open, open.openedAt! + 1000, policy).circuit).toBe("open");
    const halfOpen = onCooldownCheck(open, open.openedAt! + policy.cooldownMs, policy);
    expect(halfOpen.circuit).toBe("half_open");
    const failedTrial = onFailure(halfOpen, 100_000, 100_050, policy, half);
    expect(failedTrial).toMatchObject({ action: "hold", history: { circuit: "open", openedAt: 100_050 } });
    expect(onStable()).toEqual(freshHistory());
  });

  it("failures spread beyond the window never open it", () => {
    let history = freshHistory();
    for (let i = 0; i < 10; i++) {
      const decision = onFailure(history, i * 70_000, i * 70_000 + 1000, policy, half);
      expect(decision.action).toBe("restart");
      history = decision.history;
    }
  });
});

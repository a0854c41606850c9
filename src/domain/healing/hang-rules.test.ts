import { describe, expect, it } from "vitest";
import { type HangWatch, isHung, silenceOfCheck, watchCheck } from "./hang-rules";

const interval = 250;
const limit = 2000;

/** `n` checks `elapsed` apart with no answer. */
const silentChecks = (n: number, elapsed = interval, from: HangWatch = { silentMs: 0 }) =>
  Array.from({ length: n }).reduce<HangWatch>((w) => watchCheck(w, false, elapsed, interval), from);

describe("hung agents", () => {
  it("an agent silent on both channels for the limit is hung", () => {
    const watch = silentChecks(8);
    expect(watch.silentMs).toBe(2000);
    expect(isHung(watch, 2100, limit)).toBe(true);
    expect(isHung(watch, undefined, limit)).toBe(true);
    expect(isHung(silentChecks(7), 2100, limit)).toBe(false);
  });

  it("an agent that answers over IPC is not hung, however old its heartbeat (Redis is busy)", () => {
    const answered = watchCheck(silentChecks(20), true, interval, interval);
    expect(answered.silentMs).toBe(0);
    expect(isHung(answered, 60_000, limit)).toBe(false);
  });

  it("an agent whose heartbeats still arrive is not hung, however long its IPC silence", () => {
    expect(isHung(silentChecks(40), 300, limit)).toBe(false);
  });

  it("a runner whose loop was blocked does not count the blocked time as the agent's silence", () => {
    expect(silenceOfCheck(5000, interval)).toBe(500);
    // Blocked 5 s, then one check before the waiting answers are read: far from the limit.
    const watch = silentChecks(1, 5000, silentChecks(2));
    expect(watch.silentMs).toBe(1000);
    expect(isHung(watch, 5500, limit)).toBe(false);
  });

  it("counts from zero again after each answer", () => {
    const watch = silentChecks(7, interval, watchCheck(silentChecks(7), true, interval, interval));
    expect(watch.silentMs).toBe(1750);
  });
});

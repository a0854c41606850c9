import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRefetchThrottle } from "./throttle-refetch";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("refetch throttle", () => {
  it("refetches at once for a single event", () => {
    const throttle = createRefetchThrottle(300, () => Date.now());
    const refetch = vi.fn();
    throttle.request("tasks", refetch);
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it("folds a burst into one more refetch at the end of the interval", () => {
    const throttle = createRefetchThrottle(300, () => Date.now());
    const refetch = vi.fn();
    for (let i = 0; i < 50; i++) {
      throttle.request("tasks", refetch);
      vi.advanceTimersByTime(5);
    }
    expect(refetch).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(300);
    expect(refetch).toHaveBeenCalledTimes(2);
  });

  it("throttles each query on its own, and drops what is pending when stopped", () => {
    const throttle = createRefetchThrottle(300, () => Date.now());
    const a = vi.fn();
    const b = vi.fn();
    throttle.request("a", a);
    throttle.request("b", b);
    throttle.request("a", a);
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 1]);
    throttle.stop();
    vi.advanceTimersByTime(1000);
    expect(a).toHaveBeenCalledTimes(1);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { every } from "./every";

/** A pass that runs until the test lets it finish. */
function gatedPasses() {
  const gates: Array<() => void> = [];
  let started = 0;
  const pass = () => {
    started++;
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  return {
    pass,
    get started() {
      return started;
    },
    /** Finishes the oldest pass still running and lets its reactions run. */
    async finish() {
      gates.shift()?.();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

const quietLog = () => ({ error: vi.fn() });

describe("every", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs a pass every interval, and none before the first", async () => {
    const pass = vi.fn();
    const loop = every(100, pass, { log: quietLog(), name: "test" });
    await vi.advanceTimersByTimeAsync(99);
    expect(pass).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(pass).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(pass).toHaveBeenCalledTimes(4);
    await loop.stop();
  });

  it("never overlaps passes: a tick during a pass is skipped", async () => {
    const passes = gatedPasses();
    const loop = every(100, passes.pass, { log: quietLog(), name: "test" });
    await vi.advanceTimersByTimeAsync(100);
    expect(passes.started).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(passes.started).toBe(1);
    await passes.finish();
    expect(passes.started).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(passes.started).toBe(2);
    await passes.finish();
    await loop.stop();
  });

  it("runs a requested pass at once when idle", async () => {
    const passes = gatedPasses();
    const loop = every(10_000, passes.pass, { log: quietLog(), name: "test" });
    const done = vi.fn();
    void loop.request().then(done);
    expect(passes.started).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(done).not.toHaveBeenCalled();
    await passes.finish();
    expect(done).toHaveBeenCalled();
    await loop.stop();
  });

  it("coalesces requests during a pass into exactly one more pass after it", async () => {
    const passes = gatedPasses();
    const loop = every(10_000, passes.pass, { log: quietLog(), name: "test" });
    void loop.request();
    const waiting = [loop.request(), loop.request(), loop.request()];
    const done = vi.fn();
    void Promise.all(waiting).then(done);
    expect(passes.started).toBe(1);
    await passes.finish();
    expect(passes.started).toBe(2);
    expect(done).not.toHaveBeenCalled();
    await passes.finish();
    expect(done).toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes.started).toBe(2);
    await loop.stop();
  });

  it("logs a failed pass and goes on", async () => {
    const log = quietLog();
    let calls = 0;
    const loop = every(
      100,
      () => {
        calls++;
        if (calls === 1) throw new Error("boom");
        return Promise.reject(new Error("later boom"));
      },
      { log, name: "test loop" },
    );
    await expect(loop.request()).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(2);
    expect(log.error).toHaveBeenCalledTimes(2);
    expect(log.error.mock.calls[0]?.[1]).toBe("test loop failed");
    await loop.stop();
  });

  it("stop waits for the pass in progress, drops the queued one and runs nothing after", async () => {
    const passes = gatedPasses();
    const loop = every(100, passes.pass, { log: quietLog(), name: "test" });
    void loop.request();
    const queued = vi.fn();
    void loop.request().then(queued);
    const stopped = vi.fn();
    void loop.stop().then(stopped);
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).not.toHaveBeenCalled();
    await passes.finish();
    expect(stopped).toHaveBeenCalled();
    expect(queued).toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    await loop.request();
    expect(passes.started).toBe(1);
  });

  it("settled waits for the pass in progress and the one queued behind it", async () => {
    const passes = gatedPasses();
    const loop = every(10_000, passes.pass, { log: quietLog(), name: "test" });
    void loop.request();
    void loop.request();
    const settled = vi.fn();
    void loop.settled().then(settled);
    await passes.finish();
    expect(settled).not.toHaveBeenCalled();
    await passes.finish();
    expect(settled).toHaveBeenCalled();
    await loop.stop();
  });
});

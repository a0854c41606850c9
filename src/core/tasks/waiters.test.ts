import { describe, expect, it } from "vitest";
import { Waiters } from "./waiters";

describe("waiters", () => {
  it("hold nothing once every waiter has been answered, timed out or cancelled", async () => {
    const waiters = new Waiters();
    const answered = waiters.wait("task-1", 10_000);
    const timedOut = waiters.wait("task-2", 1);
    const cancelled = waiters.wait("task-3", 10_000);
    waiters.happened(["task-1"]);
    cancelled.cancel();
    expect(await answered.promise).toBe(true);
    expect(await timedOut.promise).toBe(false);
    expect(await cancelled.promise).toBe(false);
    expect(waiters.size).toBe(0);
  });

  it("a waiter cancelled after it was answered does not take away another's wait for the same key", async () => {
    const waiters = new Waiters();
    const first = waiters.wait("cluster:ACTIVE", 10_000);
    waiters.happened(["cluster:ACTIVE"]);
    expect(await first.promise).toBe(true);
    const second = waiters.wait("cluster:ACTIVE", 10_000);
    first.cancel(); // as waitForClusterStatus does for every waiter, answered or not
    waiters.happened(["cluster:ACTIVE"]);
    expect(await second.promise).toBe(true);
    expect(waiters.size).toBe(0);
  });
});

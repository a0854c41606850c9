import { describe, expect, it } from "vitest";
import { DEFAULT_IDLE_TIMEOUT_MS, type HibernateInput, shouldExpire, shouldHibernate } from "./lifecycle-timers";

const NOW = 10_000_000;

describe("shouldHibernate", () => {
  const idleCluster: HibernateInput = {
    type: "department",
    status: "ACTIVE",
    lastActivityAt: NOW - DEFAULT_IDLE_TIMEOUT_MS,
    now: NOW,
    idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
    hibernationEnabled: true,
  };

  it("puts an active cluster to sleep once it has been idle for the timeout", () => {
    expect(shouldHibernate(idleCluster)).toEqual({ due: true, reason: "idle for 1 h, the idle timeout is 1 h" });
  });

  it("says how long until a cluster that is not idle long enough would sleep", () => {
    expect(shouldHibernate({ ...idleCluster, lastActivityAt: NOW - 45 * 60_000 })).toEqual({
      due: false,
      reason: "idle for 45 min of 1 h",
      inMs: 15 * 60_000,
    });
  });

  it("never puts a persistent cluster, a cluster that is not ACTIVE, or one with open tasks to sleep", () => {
    expect(shouldHibernate({ ...idleCluster, type: "persistent" })).toEqual({
      due: false,
      reason: "persistent clusters never hibernate",
    });
    expect(shouldHibernate({ ...idleCluster, status: "SCALING_DOWN" })).toEqual({
      due: false,
      reason: "only ACTIVE clusters hibernate; this one is SCALING_DOWN",
    });
    expect(shouldHibernate({ ...idleCluster, status: "HIBERNATED" }).due).toBe(false);
    expect(shouldHibernate({ ...idleCluster, pendingTasks: 2 })).toEqual({
      due: false,
      reason: "2 tasks are still open",
    });
  });

  it("does nothing when hibernation is disabled, and refuses a timeout that is not positive", () => {
    expect(shouldHibernate({ ...idleCluster, hibernationEnabled: false })).toEqual({
      due: false,
      reason: "hibernation is disabled",
    });
    expect(() => shouldHibernate({ ...idleCluster, idleTimeoutMs: 0 })).toThrow("idleTimeoutMs must be above 0, got 0");
  });
});

describe("shouldExpire", () => {
  const temporary = {
    type: "temporary" as const,
    createdAt: NOW - 3_600_000,
    ttlSeconds: 3600,
    now: NOW,
    pendingTasks: 0,
  };

  it("removes a temporary cluster once its TTL has passed and its work is done", () => {
    expect(shouldExpire({ ...temporary, now: NOW + 90_000 })).toEqual({
      due: true,
      reason: "TTL of 1 h passed 1 min 30 s ago and no task is open",
    });
  });

  it("keeps it while its TTL runs, and after it while tasks are open", () => {
    expect(shouldExpire({ ...temporary, now: NOW - 30_000 })).toEqual({
      due: false,
      reason: "TTL ends in 30 s",
      inMs: 30_000,
    });
    expect(shouldExpire({ ...temporary, now: NOW + 5000, pendingTasks: 3 })).toEqual({
      due: false,
      reason: "TTL of 1 h passed 5 s ago, but 3 tasks are still open",
    });
  });

  it("never removes other cluster types or a temporary cluster without a TTL", () => {
    expect(shouldExpire({ ...temporary, type: "project" })).toEqual({
      due: false,
      reason: "only temporary clusters expire; this one is project",
    });
    expect(shouldExpire({ ...temporary, ttlSeconds: null })).toEqual({ due: false, reason: "no ttl_seconds set" });
  });
});

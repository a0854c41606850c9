/**
 * The lease a busy server could not renew in time: taken back with the same epoch when nobody
 * led in between, given up when somebody did. On a database of its own in the tests' Redis, so
 * the server of the tests keeps its own lease.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LeaderLease } from "../../src/control/leader-lease";
import { keys } from "../../src/infra/keys";
import { createLogger } from "../../src/infra/logger";

let redis: Redis;
beforeAll(async () => {
  redis = new Redis(inject("redisUrl"), { db: 7 });
  await redis.flushdb();
});
afterAll(() => redis.disconnect());

async function leader() {
  const lease = new LeaderLease(redis, "server-a", 60_000, createLogger("silent"));
  await lease.start();
  expect(lease.isLeader).toBe(true);
  return lease;
}

describe("leader lease", () => {
  it("takes a lapsed lease back with the same epoch when no other server led meanwhile", async () => {
    const lease = await leader();
    try {
      const epoch = lease.epoch;
      await redis.del(keys.leader); // it expired while this server was too busy to renew it
      expect(await lease.confirm()).toBe(true);
      expect(lease.epoch).toBe(epoch);
      expect(await redis.get(keys.leader)).toBe(`server-a:${epoch}`);
      expect(Number(await redis.get(keys.leaderEpoch))).toBe(epoch);
    } finally {
      await lease.stop();
    }
  });

  it("gives it up when another server led in between, even if that one is gone again", async () => {
    const lease = await leader();
    try {
      await redis.del(keys.leader);
      await redis.incr(keys.leaderEpoch); // another server took the lease and lost it
      expect(await lease.confirm()).toBe(false);
      expect(lease.isLeader).toBe(false);
      expect(await redis.get(keys.leader)).toBeNull();
    } finally {
      await lease.stop();
    }
  });
});

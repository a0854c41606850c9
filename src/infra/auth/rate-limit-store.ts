/**
 * Better Auth's rate-limit counters in Redis, so a limit on sign-in attempts holds across
 * every server. One script counts and decides atomically: a fixed window that starts with
 * the first attempt and expires with its key.
 */
import type { BetterAuthOptions } from "better-auth";
import { keys } from "../keys";
import type { Redis } from "../redis";

const CONSUME = `
local count = redis.call("INCR", KEYS[1])
if count == 1 then redis.call("EXPIRE", KEYS[1], ARGV[1]) end
if count > tonumber(ARGV[2]) then return redis.call("TTL", KEYS[1]) end
return -1
`;

export interface AttemptRule {
  /** Seconds the window lasts, counted from its first attempt. */
  window: number;
  max: number;
}

/** Counts one attempt under `key`; the seconds to wait when it is one too many, else null. */
export async function consumeAttempt(redis: Redis, key: string, rule: AttemptRule): Promise<number | null> {
  const retryAfter = (await redis.eval(CONSUME, 1, keys.rateLimit(key), rule.window, rule.max)) as number;
  return retryAfter < 0 ? null : Math.max(1, retryAfter);
}

const REFUND = `if redis.call("EXISTS", KEYS[1]) == 1 then return redis.call("DECR", KEYS[1]) end return 0`;

/** Takes back one attempt counted under `key` (it did not count after all); never revives an expired window. */
export async function refundAttempt(redis: Redis, key: string): Promise<void> {
  await redis.eval(REFUND, 1, keys.rateLimit(key));
}

/** Forgets the attempts counted under `key`. */
export async function forgetAttempts(redis: Redis, key: string): Promise<void> {
  await redis.del(keys.rateLimit(key));
}

type RateLimitStore = NonNullable<NonNullable<BetterAuthOptions["rateLimit"]>["customStorage"]>;

export function redisRateLimitStore(redis: Redis): RateLimitStore {
  return {
    async consume(key, rule) {
      const retryAfter = await consumeAttempt(redis, key, rule);
      return { allowed: retryAfter === null, retryAfter };
    },
  };
}

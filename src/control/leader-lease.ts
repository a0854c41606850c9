/**
 * One control plane acts at a time. Each server tries to hold the lease key in Redis
 * (SET NX with an expiry) and renews it while it lives; if the holder dies, the key expires
 * and another server takes it. Every new holder gets a higher epoch (the fencing token):
 * an old leader that wakes up after a pause sees the key is no longer its own and stops
 * acting before it writes.
 */
import { every, type Loop } from "../core/every";
import { keys } from "../infra/keys";
import type { Logger } from "../infra/logger";
import type { Redis } from "../infra/redis";

/** Takes the lease if nobody holds it, with the next epoch; returns that epoch, or 0. */
const ACQUIRE = `if redis.call("EXISTS", KEYS[1]) == 1 then return 0 end
local epoch = redis.call("INCR", KEYS[2])
redis.call("SET", KEYS[1], ARGV[1] .. ":" .. epoch, "PX", ARGV[2])
return epoch`;

/**
 * Extends the lease if it is still ours. If it lapsed (the server was too busy to renew in
 * time) and nobody has taken it since — the epoch counter is still ours — it is ours again with
 * the same epoch: no other leader can have acted in between, so a burst that starves the event
 * loop for a moment does not hand leadership around.
 */
const RENEW = `local value = redis.call("GET", KEYS[1])
if value == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
if value == false and redis.call("GET", KEYS[2]) == ARGV[3] then
  redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
  return 1
end
return 0`;

export class LeaderLease {
  private loop?: Loop;
  private held = false;
  epoch = 0;
  /** A connection of its own: renewals never wait behind a burst of application commands. */
  private readonly redis: Redis;

  constructor(
    shared: Redis,
    private readonly holder: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
    private readonly onChange: (leader: boolean) => void = () => {},
  ) {
    this.redis = shared.duplicate({ connectionName: `myzel:lease:${holder}` });
    this.redis.on("error", () => {}); // reconnects by itself; a failed renewal says what matters
  }

  get isLeader(): boolean {
    return this.held;
  }

  async start(): Promise<void> {
    this.loop = every(Math.max(50, Math.floor(this.ttlMs / 3)), () => this.tick(), {
      log: this.log,
      name: "leader lease renewal",
    });
    await this.loop.request();
  }

  /** Checks, right before acting, that the lease is still ours (the fence). */
  async confirm(): Promise<boolean> {
    if (!this.held) return false;
    const renewed = await this.renew().catch(() => 0);
    if (renewed !== 1) this.lose("the lease is held by another server");
    return this.held;
  }

  private renew() {
    return this.redis.eval(
      RENEW,
      2,
      keys.leader,
      keys.leaderEpoch,
      `${this.holder}:${this.epoch}`,
      this.ttlMs,
      this.epoch,
    );
  }

  private async tick(): Promise<void> {
    try {
      if (this.held) {
        const renewed = await this.renew();
        if (renewed !== 1) this.lose("the lease expired before it was renewed");
        return;
      }
      const epoch = Number(await this.redis.eval(ACQUIRE, 2, keys.leader, keys.leaderEpoch, this.holder, this.ttlMs));
      if (epoch > 0) {
        this.held = true;
        this.epoch = epoch;
        this.log.info({ holder: this.holder, epoch }, "this server now leads the control plane");
        this.onChange(true);
      }
    } catch (error) {
      if (this.held) this.lose(`Redis unreachable: ${(error as Error).message}`);
    }
  }

  private lose(reason: string) {
    if (!this.held) return;
    this.held = false;
    this.log.warn({ holder: this.holder, reason }, "this server no longer leads the control plane");
    this.onChange(false);
  }

  async stop(): Promise<void> {
    // A renewal in progress finishes first: it must not take the lease back after it was handed over.
    await this.loop?.stop();
    if (this.held) {
      // Hand over at once instead of making the others wait for the expiry.
      await this.redis
        .eval(
          `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`,
          1,
          keys.leader,
          `${this.holder}:${this.epoch}`,
        )
        .catch(() => {});
      this.held = false;
    }
    this.redis.disconnect();
  }
}

/**
 * Starts chaos drills (one at a time across all servers, by a lock in Redis) and reads their
 * state: live while running, the report afterwards, for a week, from any server.
 */

import { keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";
import { type Drill, type DrillStartInput, drillSchema } from "../../schemas/drill-api";
import { AppError, notFound } from "../../services/app-error";
import { ChaosDrill, type DrillDeps, newDrillId } from "./chaos-drill";

export class Drills {
  private readonly running = new Map<ChaosDrill, Promise<Drill>>();

  constructor(private readonly deps: DrillDeps) {}

  async start(options: DrillStartInput, actor: string): Promise<Drill> {
    const deps = this.deps;
    const id = newDrillId();
    const lockMs = (options.durationSeconds + options.settleSeconds + 600) * 1000;
    const locked = await deps.app.redis.set(keys.drillLock, id, "PX", lockMs, "NX");
    if (!locked)
      throw new AppError(
        "CONFLICT",
        `a chaos drill is already running (${await deps.app.redis.get(keys.drillLock)}); one at a time`,
      );
    const drill = new ChaosDrill(deps, id, options, actor);
    await drill.save();
    const run = drill.run().finally(async () => {
      this.running.delete(drill);
      await releaseLock(deps.app.redis, id);
    });
    this.running.set(drill, run);
    return drill.state;
  }

  async get(id: string): Promise<Drill> {
    const raw = await this.deps.app.redis.get(keys.drill(id));
    if (!raw) throw notFound("drill", id);
    return drillSchema.parse(JSON.parse(raw));
  }

  /** Ends running drills early; they still clean up (stop their runners, destroy their cluster). */
  async stop(): Promise<void> {
    for (const drill of this.running.keys()) drill.abort();
    await Promise.allSettled([...this.running.values()]);
  }
}

async function releaseLock(redis: Redis, id: string) {
  // Only our own lock: a lock that expired and was taken by another drill stays.
  await redis
    .eval(
      `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`,
      1,
      keys.drillLock,
      id,
    )
    .catch(() => {});
}

/**
 * The infrastructure agent's healing actions. Each touches only what Myzel owns: its own
 * caches, its own result keys in Redis, its own temporary files, its own expired rows, and
 * the redis-server it started.
 */
import { readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Dispatcher } from "../../core/tasks/dispatcher";
import { taskStoreOf } from "../../core/tasks/task-store";
import type { HealAction } from "../../domain/healing/infra-rules";
import type { Settings } from "../../env";
import { type BusPublisher, channels } from "../../infra/bus";
import type { Database } from "../../infra/database/client";
import type { EmbeddedRedis } from "../../infra/embedded/redis";
import { keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";

export interface HealDeps {
  db: Database;
  redis: Redis;
  bus: BusPublisher;
  settings: Settings;
  dispatcher: Dispatcher;
  embeddedRedis?: EmbeddedRedis;
}

/** Runs one action; returns what it did, in words for the healing history. */
export async function runHealAction(deps: HealDeps, action: HealAction): Promise<string> {
  switch (action) {
    case "clear_caches":
      deps.dispatcher.invalidate();
      return "cleared the routing caches";
    case "trim_result_cache":
      return `deleted ${await trimResultCache(deps.redis, deps.settings.RESULT_TTL_SECONDS)} cached results older than half their TTL`;
    case "clean_temp_files":
      return `removed ${cleanAgentBundles()} old agent bundles from ${path.join(os.tmpdir(), "myzel-agents")}`;
    case "purge_expired_data": {
      const before = new Date(Date.now() - deps.settings.METRICS_RETENTION_DAYS * 86_400_000);
      const metrics = await deps.db.clusterMetric.deleteMany({ where: { sampledAt: { lt: before } } });
      const healing = await deps.db.healingEvent.deleteMany({ where: { at: { lt: before } } });
      return `deleted ${metrics.count} metric samples and ${healing.count} healing entries older than ${deps.settings.METRICS_RETENTION_DAYS} days`;
    }
    case "restart_redis":
      return restartRedis(deps);
  }
}

async function trimResultCache(redis: Redis, ttlSeconds: number): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", "myzel:task:*:result", "COUNT", 1000);
    cursor = next;
    if (!found.length) continue;
    const ttls = await Promise.all(found.map((key) => redis.ttl(key)));
    const old = found.filter((_, i) => ttls[i]! >= 0 && ttls[i]! < ttlSeconds / 2);
    if (old.length) deleted += await redis.del(...old);
  } while (cursor !== "0");
  return deleted;
}

/** Bundles of earlier versions (the newest one is kept: running agents may use it). */
function cleanAgentBundles(): number {
  const dir = path.join(os.tmpdir(), "myzel-agents");
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^agent-[0-9a-f]+\.cjs$/.test(f));
  } catch {
    return 0;
  }
  const byAge = files.map((f) => ({ f, at: statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.at - a.at);
  for (const { f } of byAge.slice(1)) rmSync(path.join(dir, f), { force: true });
  return Math.max(0, byAge.length - 1);
}

async function restartRedis(deps: HealDeps): Promise<string> {
  if (!deps.embeddedRedis) throw new Error("Redis is not managed by Myzel (REDIS_URL is set)");
  await deps.embeddedRedis.restart();
  await deps.redis.ping();
  // The append-only file normally brings everything back; if it did not, PostgreSQL is the record.
  if (await deps.redis.exists(keys.redisMarker))
    return "restarted the managed redis-server; its data survived (append-only file)";
  await deps.redis.set(keys.redisMarker, new Date().toISOString());
  const requeued = await taskStoreOf({
    ...deps,
    resultTtlSeconds: deps.settings.RESULT_TTL_SECONDS,
    eventHistory: deps.settings.EVENT_HISTORY,
  }).sendBack({ everything: true }, "Redis lost its data, and the job with it");
  await deps.bus.publish(channels.reconcile, { reason: "redis-restored" });
  return `restarted the managed redis-server; it had lost its data, so ${requeued} open tasks were queued again from PostgreSQL`;
}

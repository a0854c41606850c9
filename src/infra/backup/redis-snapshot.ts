/**
 * A fresh Redis snapshot for a backup: BGSAVE, wait until LASTSAVE moves past it, copy the RDB
 * file. A Redis whose files this host cannot read (a managed one) sends its snapshot over the
 * replication protocol instead (`redis-cli --rdb`, which makes the server write a fresh one).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { childProcessEnv } from "../../env";
import type { Redis } from "../redis";

export interface RedisSnapshot {
  version: string;
  source: "bgsave" | "replication";
}

export async function snapshotRedis(
  redis: Redis,
  redisUrl: string,
  file: string,
  timeoutMs = 120_000,
): Promise<RedisSnapshot> {
  const version = /redis_version:(\S+)/.exec(await redis.info("server"))?.[1] ?? "unknown";
  const local = await localRdbPath(redis);
  if (!local) {
    await rdbOverReplication(redisUrl, file);
    return { version, source: "replication" };
  }
  const before = Number(await redis.lastsave());
  // SCHEDULE: when an append-only rewrite runs, the save starts right after it instead of failing.
  await redis.call("BGSAVE", "SCHEDULE");
  const deadline = Date.now() + timeoutMs;
  // LASTSAVE has a resolution of one second: a save finished in the same second as the last reads equal.
  while (Number(await redis.lastsave()) <= before || /rdb_bgsave_in_progress:1/.test(await redis.info("persistence"))) {
    if (Date.now() > deadline) throw new Error(`Redis BGSAVE did not finish within ${timeoutMs / 1000} s`);
    await delay(100);
  }
  const status = /rdb_last_bgsave_status:(\w+)/.exec(await redis.info("persistence"))?.[1];
  if (status !== "ok") throw new Error(`Redis BGSAVE failed (rdb_last_bgsave_status:${status})`);
  await copyFile(local, file);
  return { version, source: "bgsave" };
}

/** The RDB file's path when the Redis server runs on this host and lets us ask (CONFIG may be off). */
async function localRdbPath(redis: Redis): Promise<string | undefined> {
  try {
    const [, dir] = (await redis.config("GET", "dir")) as string[];
    const [, name] = (await redis.config("GET", "dbfilename")) as string[];
    const host = redis.options.host ?? "";
    if (!dir || !name || !["127.0.0.1", "localhost", "::1"].includes(host)) return undefined;
    return existsSync(dir) ? path.join(dir, name) : undefined;
  } catch {
    return undefined;
  }
}

function rdbOverReplication(redisUrl: string, file: string): Promise<void> {
  const parsed = new URL(redisUrl);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return new Promise((resolve, reject) => {
    const child = spawn("redis-cli", ["-u", parsed.toString(), "--rdb", file], {
      env: childProcessEnv(password ? { REDISCLI_AUTH: password } : {}),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`redis-cli --rdb failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

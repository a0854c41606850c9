/**
 * Puts a backup's RDB into the embedded Redis's folder so the next start has its data. The
 * embedded server runs with the append-only file on, and a Redis that starts with AOF on and no
 * AOF yet starts empty (it never reads the RDB); so a short-lived server loads the RDB with AOF
 * off, turns AOF on (which rewrites it from memory), and stops once the rewrite is done.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { Redis } from "ioredis";
import { childProcessEnv } from "../../env";
import { findFreePort, spawnUntilReady, stopChild } from "../embedded/child-service";
import { QUEUE_PREFIX } from "../keys";
import type { Logger } from "../logger";

export async function loadRdbIntoEmbeddedRedis(opts: {
  dataDir: string;
  rdbFile: string;
  log: Logger;
}): Promise<number> {
  const dir = path.join(opts.dataDir, "redis");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  rmSync(path.join(dir, "appendonlydir"), { recursive: true, force: true });
  copyFileSync(opts.rdbFile, path.join(dir, "dump.rdb"));
  const port = await findFreePort();
  const password = randomBytes(16).toString("hex");
  const child = await spawnUntilReady(
    "redis-server",
    [
      "--bind",
      "127.0.0.1",
      "--port",
      String(port),
      "--dir",
      dir,
      "--appendonly",
      "no",
      "--save",
      "",
      "--requirepass",
      password,
    ],
    {
      env: childProcessEnv(),
      ready: /Ready to accept connections/,
      timeoutMs: 60_000,
      name: "redis-server (restore)",
      log: opts.log,
    },
  );
  const redis = new Redis({
    host: "127.0.0.1",
    port,
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    retryStrategy: () => null,
  });
  // The server goes away on purpose at the end (SHUTDOWN): no reconnecting, no unhandled error.
  redis.on("error", () => {});
  try {
    await redis.connect();
    // Agents' queues hold only tasks routed before the backup, which the restore sends back to
    // PENDING (backup-restore.ts): a job left here could run a second time beside the new one.
    const agentQueues = redis.scanStream({ match: `${QUEUE_PREFIX}:agent.*`, count: 1000 });
    for await (const found of agentQueues) if ((found as string[]).length) await redis.unlink(...(found as string[]));
    const keys = await redis.dbsize();
    await redis.config("SET", "appendonly", "yes");
    const deadline = Date.now() + 120_000;
    for (;;) {
      const info = await redis.info("persistence");
      if (
        /aof_rewrite_in_progress:0/.test(info) &&
        /aof_rewrite_scheduled:0/.test(info) &&
        /aof_enabled:1/.test(info)
      ) {
        if (!/aof_last_bgrewrite_status:ok/.test(info)) throw new Error("Redis could not write its append-only file");
        break;
      }
      if (Date.now() > deadline) throw new Error("Redis did not finish writing its append-only file within 120 s");
      await delay(50);
    }
    await redis.call("SHUTDOWN").catch(() => {});
    return keys;
  } finally {
    redis.disconnect();
    await stopChild(child, "SIGTERM", 10_000);
  }
}

/**
 * `npm run runner`: a runner on its own, adding capacity on this host (or another one with
 * the same DATABASE_URL and REDIS_URL). The control plane places new agents on it by free
 * capacity. SIGTERM/SIGINT drain its agents and leave the registry.
 */
import os from "node:os";
import { createBus } from "../infra/bus";
import { createDatabase } from "../infra/database/client";
import { readLocalEndpoints } from "../infra/infrastructure";
import { createLogger } from "../infra/logger";
import { logUnhandledRejections, settingsOrExit, stopOnSignals } from "../infra/process-lifecycle";
import { createRedis } from "../infra/redis";
import { startTracing } from "../infra/tracing";
import { Runner } from "./runner";

async function main() {
  const settings = settingsOrExit();
  // Without URLs, join the server running on this host with its embedded services.
  const local = readLocalEndpoints(settings.dataDir);
  const databaseUrl = settings.DATABASE_URL ?? local?.databaseUrl;
  const redisUrl = settings.REDIS_URL ?? local?.redisUrl;
  if (!databaseUrl || !redisUrl) {
    console.error(
      `A runner joins a running Myzel: start the server first (npm start), or set DATABASE_URL and REDIS_URL to the ones it uses. (No ${settings.dataDir}/endpoints.json found.)`,
    );
    process.exit(2);
  }
  const log = createLogger(settings.LOG_LEVEL);
  logUnhandledRejections(log);
  const tracing = await startTracing({ endpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: "myzel-runner" });
  const db = createDatabase(databaseUrl, {
    connectTimeoutMs: settings.DB_CONNECT_TIMEOUT_MS,
    queryTimeoutMs: settings.DB_QUERY_TIMEOUT_MS,
  });
  const redis = createRedis(redisUrl, "runner");
  redis.on("error", (error) => log.warn({ err: error.message }, "redis connection error"));
  const bus = createBus(redis, log, "runner-bus");
  const runner = new Runner({
    db,
    redis,
    bus,
    redisUrl,
    settings,
    log,
    nodeId: settings.NODE_ID ?? `${os.hostname()}-runner-${process.pid}`,
  });
  await runner.start();
  log.info({ node: runner.nodeId, capacity: runner.capacity }, "Myzel runner is ready");

  stopOnSignals(
    async () => {
      await runner.stop();
      bus.close();
      await Promise.all([db.$disconnect(), redis.quit()]);
      await tracing.shutdown();
    },
    settings.SHUTDOWN_TIMEOUT_MS,
    log,
  );
}

main().catch((error) => {
  console.error("Myzel runner failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});

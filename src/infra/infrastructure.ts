/**
 * Brings up what Myzel stands on: PostgreSQL (configured or embedded, migrated) and Redis
 * (configured or embedded), and takes it down again in reverse order.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Settings } from "../env";
import { lockDataDir } from "./data-dir";
import { createDatabase, type Database } from "./database/client";
import { migrate } from "./database/migrate";
import { postgresServerOwner, startEmbeddedPostgres } from "./embedded/postgres";
import { isSuperuser } from "./embedded/postgres-roles";
import { type EmbeddedRedis, startEmbeddedRedis } from "./embedded/redis";
import { keys } from "./keys";
import type { Logger } from "./logger";
import { createRedis, type Redis } from "./redis";

export interface Infrastructure {
  db: Database;
  redis: Redis;
  databaseUrl: string;
  redisUrl: string;
  embeddedRedis?: EmbeddedRedis;
  stop(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

export async function startInfrastructure(settings: Settings, log: Logger): Promise<Infrastructure> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error) => log.error({ err: error }, "error while stopping"));
  };
  try {
    const postgresOwner = settings.DATABASE_URL ? {} : postgresServerOwner();
    lockDataDir(settings.dataDir, postgresOwner.gid === undefined ? undefined : { gid: postgresOwner.gid });
    const [pgResult, redisResult] = await Promise.allSettled([
      settings.DATABASE_URL
        ? undefined
        : startEmbeddedPostgres({
            dataDir: settings.dataDir,
            binDir: settings.POSTGRES_BIN_DIR,
            log,
            walArchive: settings.WAL_ARCHIVE,
          }),
      settings.REDIS_URL ? undefined : startEmbeddedRedis({ dataDir: settings.dataDir, log }),
    ]);
    const postgres = settledValue(pgResult, stops);
    const embeddedRedis = settledValue(redisResult, stops);
    for (const result of [pgResult, redisResult]) if (result.status === "rejected") throw result.reason;

    const databaseUrl = settings.DATABASE_URL ?? postgres!.url;
    const redisUrl = settings.REDIS_URL ?? embeddedRedis!.url;
    if (postgres || embeddedRedis) {
      // A runner started on this host (`npm run runner`) finds the embedded services here.
      writeFileSync(endpointsFile(settings.dataDir), JSON.stringify({ databaseUrl, redisUrl }), { mode: 0o600 });
      stops.push(async () => rmSync(endpointsFile(settings.dataDir), { force: true }));
    }
    if (settings.DATABASE_URL && (await isSuperuser(databaseUrl)))
      log.warn(
        "DATABASE_URL signs in as a PostgreSQL superuser: whoever gets hold of it can read files and run programs on the database host. Give Myzel a role that owns its database and nothing more.",
      );
    const report = await migrate(databaseUrl, MIGRATIONS_DIR);
    if (report.applied.length) log.info({ applied: report.applied }, "database migrations applied");

    const db = createDatabase(databaseUrl, {
      connectTimeoutMs: settings.DB_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: settings.DB_QUERY_TIMEOUT_MS,
    });
    stops.push(() => db.$disconnect());
    const redis = createRedis(redisUrl, "server");
    redis.on("error", (error) => log.warn({ err: error.message }, "redis connection error"));
    stops.push(async () => void (await redis.quit().catch(() => redis.disconnect())));
    await redis.ping();
    // Kept by Redis for as long as its data lives; the healer uses it to tell a restart that lost data.
    await redis.set(keys.redisMarker, new Date().toISOString(), "NX");

    return { db, redis, databaseUrl, redisUrl, embeddedRedis, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Registers the stop of a service that did start, even when its sibling failed. */
function settledValue<T extends { stop(): Promise<void> }>(
  result: PromiseSettledResult<T | undefined>,
  stops: Array<() => Promise<void>>,
): T | undefined {
  if (result.status !== "fulfilled" || !result.value) return undefined;
  const service = result.value;
  stops.push(() => service.stop());
  return service;
}

const endpointsFile = (dataDir: string) => path.join(dataDir, "endpoints.json");

/** The URLs of a server's embedded PostgreSQL and Redis on this host, if one is running. */
export function readLocalEndpoints(dataDir: string): { databaseUrl: string; redisUrl: string } | undefined {
  const file = endpointsFile(dataDir);
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as { databaseUrl: string; redisUrl: string })
    : undefined;
}

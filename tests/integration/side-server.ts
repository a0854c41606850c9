/**
 * A second Myzel server beside the main test server, for settings the main one must not have:
 * a database of its own on the same PostgreSQL, a Redis database of its own (no shared lease,
 * queues or sign-in counts), no runner, and a fresh data folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { type MyzelServer, startMyzel } from "../../src/boot/start-myzel";
import { loadSettings } from "../../src/env";
import { createLogger } from "../../src/infra/logger";

async function onMainDatabase(statement: string) {
  const db = new pg.Client({ connectionString: inject("databaseUrl") });
  await db.connect();
  await db.query(statement).finally(() => db.end());
}

export interface SideServer {
  server: MyzelServer;
  /** Rows of one SQL statement against this server's database. */
  query<T extends pg.QueryResultRow = Record<string, unknown>>(text: string): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startSideServer(
  name: string,
  redisDatabase: number,
  settings: Record<string, string> = {},
): Promise<SideServer> {
  const database = `myzel_${name}_${process.pid}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `myzel-${name}-`));
  await onMainDatabase(`CREATE DATABASE "${database}"`);
  const databaseUrl = inject("databaseUrl").replace(/\/[^/?]+(\?|$)/, `/${database}$1`);
  const server = await startMyzel({
    settings: loadSettings({
      PATH: process.env.PATH,
      NODE_ENV: "test",
      MYZEL_DATA_DIR: dataDir,
      MYZEL_PORT: "0",
      MYZEL_RUNNER_ENABLED: "false",
      DATABASE_URL: databaseUrl,
      REDIS_URL: `${inject("redisUrl").replace(/\/\d*$/, "")}/${redisDatabase}`,
      ...settings,
    }),
    log: createLogger("silent"),
    withNext: false,
  });
  return {
    server,
    async query<T extends pg.QueryResultRow>(text: string) {
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      return (await db.query<T>(text).finally(() => db.end())).rows;
    },
    async stop() {
      await server.stop();
      await onMainDatabase(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

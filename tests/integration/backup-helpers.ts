/**
 * A Myzel installation of its own for the backup tests: embedded PostgreSQL (WAL archiving on,
 * as by default) and Redis in a data folder the test names, a runner, and an admin token.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { type MyzelServer, startMyzel } from "../../src/boot/start-myzel";
import { createMyzelClient } from "../../src/client";
import { loadSettings } from "../../src/env";
import { createLogger } from "../../src/infra/logger";

export async function startInstallation(
  dataDir: string,
  blueprintsDir: string,
  nodeId: string,
  backupDir: string,
): Promise<MyzelServer> {
  return startMyzel({
    settings: loadSettings({
      PATH: process.env.PATH,
      NODE_ENV: "test",
      MYZEL_DATA_DIR: dataDir,
      MYZEL_BLUEPRINTS_DIR: blueprintsDir,
      MYZEL_PORT: "0",
      MYZEL_NODE_ID: nodeId,
      MYZEL_AUTO_SCALE_ENABLED: "false",
      MYZEL_AGENT_HEARTBEAT_INTERVAL_MS: "300",
      MYZEL_INFRA_SAMPLE_INTERVAL_MS: "3600000",
      MYZEL_BACKUP_RETAIN: "3",
      MYZEL_BACKUP_DIR: backupDir,
    }),
    log: createLogger(process.env.MYZEL_TEST_LOG ?? "silent"),
    withNext: false,
  });
}

export const clientOf = (server: MyzelServer, token: string) => createMyzelClient({ url: server.url, token });

/** A REST call to `server` with `token`. */
export async function restOn(
  server: MyzelServer,
  token: string,
  route: string,
  init: { method?: string; json?: unknown } = {},
) {
  const response = await fetch(`${server.url}${route}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** One statement as the embedded PostgreSQL's superuser (what only an operator on the host can do). */
export async function asSuperuser<T extends pg.QueryResultRow>(server: MyzelServer, dataDir: string, text: string) {
  const admin = JSON.parse(readFileSync(path.join(dataDir, "postgres-superuser.json"), "utf8")) as {
    user: string;
    password: string;
  };
  const url = new URL(server.infrastructure.databaseUrl);
  url.username = admin.user;
  url.password = admin.password;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    return (await db.query<T>(text)).rows;
  } finally {
    await db.end();
  }
}

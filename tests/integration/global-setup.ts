/**
 * Starts one real Myzel server (API only, no Next) for the integration tests, with its own
 * embedded PostgreSQL and Redis in a fresh folder, its first admin from the settings and an
 * admin API token, and shares its addresses and credentials with the tests.
 */
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { type MyzelServer, startMyzel } from "../../src/boot/start-myzel";
import { loadSettings } from "../../src/env";
import { createLogger } from "../../src/infra/logger";
import { createToken } from "../../src/services/api-tokens";

declare module "vitest" {
  export interface ProvidedContext {
    myzelUrl: string;
    databaseUrl: string;
    redisUrl: string;
    dataDir: string;
    adminEmail: string;
    adminPassword: string;
    /** An ADMIN API token: what `client()` and `rest()` send unless told otherwise. */
    adminToken: string;
  }
}

const ADMIN_EMAIL = "admin@myzel.test";
const ADMIN_PASSWORD = "integration-admin-pw";

let server: MyzelServer | undefined;

export async function setup(project: TestProject) {
  const dataDir = path.join(os.tmpdir(), `myzel-integration-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  // Set in the environment, as a deployment would, so the tests can check agents never see them.
  process.env.MYZEL_ADMIN_EMAIL = ADMIN_EMAIL;
  process.env.MYZEL_ADMIN_PASSWORD = ADMIN_PASSWORD;
  process.env.MYZEL_AUTH_SECRET = "integration-secret-0123456789-abcdefghij";
  const settings = loadSettings({
    ...process.env,
    MYZEL_DATA_DIR: dataDir,
    MYZEL_PORT: "0",
    MYZEL_HOST: "127.0.0.1",
    MYZEL_MAX_CLUSTERS: "1000",
    MYZEL_MAX_BODY_BYTES: String(512 * 1024),
    MYZEL_DELEGATION_BUDGET: "20",
    MYZEL_TASK_RETRY_BASE_MS: "50",
    // Self-healing thresholds small enough for tests to watch a breaker open and close.
    MYZEL_AGENT_HEARTBEAT_INTERVAL_MS: "300",
    MYZEL_AGENT_RESTART_BASE_MS: "100",
    MYZEL_CIRCUIT_THRESHOLD: "3",
    MYZEL_CIRCUIT_COOLDOWN_MS: "2000",
    MYZEL_AGENT_STABLE_MS: "1500",
    // The system sample (CPU, memory, disk) is exercised by the heal tests, not on a timer.
    MYZEL_INFRA_SAMPLE_INTERVAL_MS: "3600000",
    MYZEL_METRICS_INTERVAL_MS: "500",
    // Clusters here keep the size a test gives them; auto-scaling has a server of its own (autoscaling.test.ts).
    MYZEL_AUTO_SCALE_ENABLED: "false",
    // Small enough for the rate-limit test to reach; it waits for no window to pass.
    MYZEL_SIGN_IN_ATTEMPTS: "12",
    MYZEL_SIGN_IN_ACCOUNT_FAILURES: "5",
    MYZEL_SOCKET_RECHECK_MS: "200",
    // A history the resume tests can outrun with a thousand events.
    MYZEL_EVENT_HISTORY: "1000",
    // The web app that calls the API from another origin in the CORS tests.
    MYZEL_CORS_ORIGINS: "https://app.myzel.test",
    NODE_ENV: "test",
  });
  // Passed to agents only when a blueprint names it (the llm runtime's api_key_env).
  process.env.MYZEL_TEST_LLM_KEY = "sk-test-key";
  server = await startMyzel({ settings, log: createLogger(process.env.MYZEL_TEST_LOG ?? "silent"), withNext: false });
  project.provide("myzelUrl", server.url);
  project.provide("databaseUrl", server.infrastructure.databaseUrl);
  project.provide("redisUrl", server.infrastructure.redisUrl);
  project.provide("dataDir", dataDir);
  project.provide("adminEmail", ADMIN_EMAIL);
  project.provide("adminPassword", ADMIN_PASSWORD);
  project.provide(
    "adminToken",
    (await createToken(server.deps.db, { name: "integration tests", role: "ADMIN" }, null)).token,
  );
  return async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

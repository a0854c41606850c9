import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * The real server (production build) with its own embedded PostgreSQL and Redis in a fresh
 * folder. It starts with no user: the "setup" project creates the first admin through the
 * setup page (or signs in, when the data was kept) and saves the session every spec starts with.
 */
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = path.join(os.tmpdir(), `myzel-e2e-${port}`);
export const ADMIN_SESSION = path.join("test-results", "e2e-auth", `admin-${port}.json`);
// Playwright loads this file again in each worker; only the first load (before the server starts) clears the data.
if (!process.env.E2E_KEEP_DATA && !process.env.TEST_WORKER_INDEX) rmSync(dataDir, { recursive: true, force: true });

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A bound, not a measure: a spec that creates a cluster, waits for its agents and walks its
  // lifecycle took 30–40 s on a slow 2-core machine (machines differ severalfold); each step
  // still waits for what it expects, so a passing run is as fast as the machine allows.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"], use: { storageState: ADMIN_SESSION } },
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node --import tsx src/server.ts",
    url: `http://127.0.0.1:${port}/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      MYZEL_PORT: String(port),
      MYZEL_HOST: "127.0.0.1",
      MYZEL_DATA_DIR: dataDir,
      MYZEL_LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});

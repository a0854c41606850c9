/**
 * A real Myzel (API, control plane, runner; no dashboard) in this process, on a fresh data
 * folder with its own embedded PostgreSQL and Redis, and an admin client for it. Benchmarks
 * and the tests that need settings of their own start one.
 */
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startMyzel } from "../../src/boot/start-myzel";
import { createMyzelClient } from "../../src/client";
import { loadSettings } from "../../src/env";
import { createLogger } from "../../src/infra/logger";
import { createToken } from "../../src/services/api-tokens";

export async function startLocalMyzel(name: string, env: Record<string, string> = {}) {
  const dataDir = path.join(os.tmpdir(), `myzel-${name}-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const settings = loadSettings({
    ...process.env,
    MYZEL_DATA_DIR: dataDir,
    MYZEL_PORT: "0",
    NODE_ENV: "test",
    MYZEL_LOG_LEVEL: "warn",
    ...env,
  });
  const server = await startMyzel({ settings, log: createLogger(settings.LOG_LEVEL), withNext: false });
  const { token } = await createToken(server.deps.db, { name: `${name} admin`, role: "ADMIN" }, null);
  const client = createMyzelClient({ url: server.url, token });
  return {
    server,
    client,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

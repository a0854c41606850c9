/** Shared set-up for benchmarks: a real Myzel (API, control plane, runner) on a fresh data folder. */
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createMyzelClient } from "../src/client";
import { loadSettings } from "../src/env";
import { startMyzel } from "../src/http/myzel-server";
import { createLogger } from "../src/infra/logger";
import { createToken } from "../src/services/api-tokens";

export async function startBenchServer(name: string, env: Record<string, string> = {}) {
  const dataDir = path.join(os.tmpdir(), `myzel-bench-${name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const settings = loadSettings({ ...process.env, MYZEL_DATA_DIR: dataDir, MYZEL_PORT: "0", NODE_ENV: "test", MYZEL_LOG_LEVEL: "warn", ...env });
  const server = await startMyzel({ settings, log: createLogger(settings.LOG_LEVEL), withNext: false });
  const { token } = await createToken(server.deps.db, { name: `bench ${name}`, role: "ADMIN" }, null);
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

/** A flat pool blueprint: a supervisor and `workers` builtin workers. */
export function poolBlueprint(id: string, opts: { workers: number; concurrency?: number; runtime?: string; routing?: string }) {
  return `metadata: { id: ${id}, name: Bench pool, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 1000, routing: ${opts.routing ?? "least-busy"} }
agents:
  - { role: supervisor, name: Boss }
  - role: worker
    name: Worker
    count: ${opts.workers}
    reports_to: supervisor
    concurrency: ${opts.concurrency ?? 1}
    runtime: ${opts.runtime ?? "{ type: builtin, behaviour: echo }"}
`;
}

export { median, percentile } from "../src/domain/stats/percentiles";

/** Polls `check` every 10 ms until it holds (benchmarks measure; tests await events instead). */
export async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

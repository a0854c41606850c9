/** Shared set-up for benchmarks: a real Myzel (API, control plane, runner) on a fresh data folder. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { startLocalMyzel } from "../tests/support/local-myzel";

export const startBenchServer = (name: string, env: Record<string, string> = {}) =>
  startLocalMyzel(`bench-${name}`, env);

/** A flat pool blueprint: a supervisor and `workers` builtin workers. */
export function poolBlueprint(
  id: string,
  opts: { workers: number; concurrency?: number; runtime?: string; routing?: string },
) {
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

/** A process's resident memory (RSS) and its proportional share (PSS: shared pages counted once), in MB. */
export function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const kb = (text: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
  return { rssMb: kb(status, "VmRSS") / 1024, pssMb: kb(rollup, "Pss") / 1024 };
}

/**
 * A second runner process joined to a bench server (the server runs the first): its own node,
 * started in a process group of its own so `stop` ends it with its agents.
 */
export function startSecondRunner(server: { infrastructure: { databaseUrl: string; redisUrl: string } }) {
  const runner = spawn(process.execPath, ["--import", "tsx", "src/runner/main.ts"], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      DATABASE_URL: server.infrastructure.databaseUrl,
      REDIS_URL: server.infrastructure.redisUrl,
      MYZEL_NODE_ID: "bench-second-runner",
      MYZEL_LOG_LEVEL: "warn",
    },
    stdio: "ignore",
    detached: true,
  });
  return {
    stop() {
      try {
        process.kill(-runner.pid!, "SIGTERM");
      } catch {
        /* gone */
      }
    },
  };
}

/**
 * Runner processes the drill starts so it has runners to kill: each is `npm run runner`'s
 * program on this host, joined to the same PostgreSQL and Redis, with the server's healing
 * settings, registered before the drill cluster is placed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { liveNodes } from "../../core/nodes/node-registry";
import { childProcessEnv, type Settings } from "../../env";
import { trackChildGroup } from "../../infra/child-groups";
import { stopChild } from "../../infra/embedded/child-service";
import type { Redis } from "../../infra/redis";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** What a runner reads that decides how it heals: the same as this server's. */
const RUNNER_SETTINGS = [
  "NODE_HEARTBEAT_INTERVAL_MS",
  "NODE_HEARTBEAT_MISSES",
  "AGENT_HEARTBEAT_INTERVAL_MS",
  "AGENT_HEARTBEAT_MISSES",
  "AGENT_HANG_MS",
  "AGENT_READY_TIMEOUT_MS",
  "AGENT_RESTART_BASE_MS",
  "AGENT_RESTART_MAX_MS",
  "AGENT_STABLE_MS",
  "AGENT_STOP_GRACE_MS",
  "CIRCUIT_THRESHOLD",
  "CIRCUIT_WINDOW_MS",
  "CIRCUIT_COOLDOWN_MS",
  "RECONCILE_INTERVAL_MS",
  "RUNNER_CAPACITY",
] as const satisfies ReadonlyArray<keyof Settings>;

export interface DrillRunner {
  nodeId: string;
  process: ChildProcess;
  alive: boolean;
}

export async function startDrillRunners(options: {
  count: number;
  drillId: string;
  settings: Settings;
  redis: Redis;
  databaseUrl: string;
  redisUrl: string;
  timeoutMs?: number;
  /** The drill is aborted: stop waiting, stop the runners started so far. */
  signal?: AbortSignal;
}): Promise<DrillRunner[]> {
  const { settings } = options;
  const runners = Array.from({ length: options.count }, (_, i) => {
    const nodeId = `drill-${options.drillId}-runner-${i + 1}`;
    const env: Record<string, string> = {
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      MYZEL_NODE_ID: nodeId,
      MYZEL_LOG_LEVEL: "warn",
    };
    for (const key of RUNNER_SETTINGS) env[`MYZEL_${key}`] = String(settings[key]);
    const child = spawn(process.execPath, ["--import", "tsx", "src/runner/main.ts"], {
      cwd: ROOT,
      env: childProcessEnv(env),
      stdio: "ignore",
      // Its own process group: stopped by the drill (or the server's shutdown), never by a stray Ctrl-C.
      detached: true,
    });
    const runner: DrillRunner = { nodeId, process: trackChildGroup(child), alive: true };
    child.once("exit", () => (runner.alive = false));
    return runner;
  });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const live = new Set((await liveNodes(options.redis)).map((n) => n.id));
    if (runners.every((r) => live.has(r.nodeId))) return runners;
    if (runners.some((r) => !r.alive) || Date.now() > deadline || options.signal?.aborted) {
      await stopDrillRunners(runners);
      throw new Error(
        `the drill's runners did not start (${runners
          .filter((r) => !live.has(r.nodeId))
          .map((r) => r.nodeId)
          .join(", ")})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops the runners still alive: they drain their agents and leave the registry (SIGKILL after 30 s). */
export async function stopDrillRunners(runners: readonly DrillRunner[]): Promise<void> {
  await Promise.all(runners.filter((r) => r.alive).map((r) => stopChild(r.process, "SIGTERM", 30_000)));
}

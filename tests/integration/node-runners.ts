/** Extra runner processes for the node tests: each its own node id and labels, stopped after. */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { inject } from "vitest";

export interface RunnerProcess {
  child: ChildProcess;
  nodeId: string;
  output(): string;
  stop(): Promise<void>;
}

/** Runners still alive when the test process exits (a failed hook skipped their stop): killed with it. */
const alive = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of alive) child.kill("SIGKILL");
});

export async function startRunner(
  nodeId: string,
  env: Record<string, string> = {},
  options: { command?: string[]; databaseUrl?: string; redisUrl?: string } = {},
): Promise<RunnerProcess> {
  const argv = [...(options.command ?? []), process.execPath, "--import", "tsx", "src/runner/main.ts"];
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl ?? inject("databaseUrl"),
      REDIS_URL: options.redisUrl ?? inject("redisUrl"),
      MYZEL_NODE_ID: nodeId,
      MYZEL_LOG_LEVEL: "info",
      MYZEL_AGENT_HEARTBEAT_INTERVAL_MS: "300",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  alive.add(child);
  child.once("exit", () => alive.delete(child));
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Myzel runner is ready")) resolve();
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => reject(new Error(`runner ${nodeId} exited with ${code}: ${output.slice(-3000)}`)));
  });
  await ready;
  return {
    child,
    nodeId,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

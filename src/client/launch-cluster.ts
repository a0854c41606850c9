/**
 * `launchCluster`: a pool of N instances of one command-line tool in one call, as
 * `launch_cluster("aider", count=3)` in cluster-manager-api.md. It publishes a blueprint for
 * the pool (a coordinator plus `count` tool agents), creates the cluster, waits until every
 * instance runs, and returns a handle to send prompts, read metrics and stop it.
 */
import { createHash } from "node:crypto";
import type { MyzelClient } from "./index";

export interface LaunchOptions {
  /** The tool's argv, e.g. ["aider", "--message", "{prompt}"]; a single string is the program alone. */
  tool: string | string[];
  count?: number;
  strategy?: "round-robin" | "least-busy" | "sticky" | "weighted";
  /** stdin (default), or argument when argv contains {prompt}. */
  promptVia?: "stdin" | "argument";
  cwd?: string;
  envAllow?: string[];
  timeoutMs?: number;
  /** Tasks one instance runs at once (default 1: interactive tools are one-at-a-time). */
  concurrency?: number;
  name?: string;
  /**
   * session: each instance keeps the tool running and writes prompts to it, one tool process
   * per session key (sticky routing keeps a key on its instance). Default task: a process per prompt.
   */
  mode?: "task" | "session";
  /** Session options as in a blueprint's `session:` (preset, answer_end, error_patterns, pty …); the preset is guessed from the program when left out. */
  session?: Record<string, unknown> & { preset?: string };
}

/** The session preset a well-known interactive program needs. */
export function presetFor(program: string): string {
  if (/^python\d*(\.\d+)?$/.test(program)) return "python";
  if (program === "node" || program === "nodejs") return "node";
  if (program === "bc") return "bc";
  if (program.startsWith("sqlite")) return "sqlite";
  if (["sh", "bash", "dash", "zsh"].includes(program)) return "shell";
  return "generic";
}

export async function launchCluster(client: MyzelClient, options: LaunchOptions) {
  const argv = typeof options.tool === "string" ? [options.tool] : options.tool;
  const count = options.count ?? 3;
  const sessionMode = options.mode === "session";
  const strategy = options.strategy ?? (sessionMode ? "sticky" : "round-robin");
  const promptVia = options.promptVia ?? (argv.some((a) => a.includes("{prompt}")) ? "argument" : "stdin");
  const runtime = {
    type: "command",
    argv,
    prompt_via: promptVia,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.envAllow ? { env_allow: options.envAllow } : {}),
    ...(options.timeoutMs ? { timeout_ms: options.timeoutMs } : {}),
    ...(sessionMode
      ? { mode: "session", session: { preset: presetFor(argv[0]!.split("/").pop()!), ...options.session } }
      : {}),
  };
  const program =
    argv[0]!
      .split("/")
      .pop()!
      .replace(/[^a-z0-9_-]/gi, "-")
      .toLowerCase() || "tool";
  const digest = createHash("sha256")
    .update(JSON.stringify({ runtime, count, strategy, concurrency: options.concurrency }))
    .digest("hex")
    .slice(0, 8);
  const id = `launch-${program}-${digest}`;
  // JSON is YAML: the blueprint is written as JSON so no value needs quoting rules.
  const yaml = JSON.stringify({
    metadata: { id, name: `${program} pool`, version: "1.0.0", description: `${count} × ${argv.join(" ")}` },
    cluster: { type: "temporary", min_workers: 1, max_workers: Math.max(count + 1, 2), routing: strategy },
    agents: [
      { role: "coordinator", name: "Coordinator", tier: "supervisor" },
      {
        role: "tool",
        name: program,
        count: `1-${count}`,
        reports_to: "coordinator",
        capabilities: [program],
        concurrency: options.concurrency ?? 1,
        runtime,
      },
    ],
  });
  await client.blueprints.upload.mutate({ yaml });
  const created = await client.clusters.create.mutate({
    blueprintId: id,
    name: options.name ?? `${program}-${Date.now()}`,
    targetWorkers: count + 1,
  });
  const cluster = await client.clusters.wait.query({ id: created.id, status: "ACTIVE", timeoutMs: 60_000 });

  return {
    cluster,
    /**
     * Sends a prompt to one instance (by the pool's strategy) and waits for its answer. In session
     * mode, prompts with the same `sessionKey` reach the same running tool.
     */
    send: (prompt: string, opts: { sessionKey?: string; waitMs?: number } = {}) =>
      client.tasks.submit.mutate({
        id: cluster.id,
        role: "tool",
        payload: { prompt },
        sessionKey: opts.sessionKey,
        waitMs: opts.waitMs ?? 60_000,
      }),
    metrics: () => client.agents.metrics.query({ id: cluster.id }),
    /** The pool's sessions: turns recorded and the live tool process of each. */
    sessions: () => client.sessions.list.query({ id: cluster.id }),
    /** Ends a session: its tool closes and its transcript is deleted. */
    endSession: (sessionKey: string) => client.sessions.end.mutate({ id: cluster.id, key: sessionKey }),
    stop: () => client.clusters.delete.mutate({ id: cluster.id }),
  };
}

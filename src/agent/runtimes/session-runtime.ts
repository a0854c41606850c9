/**
 * The command runtime in session mode: prompts go to a tool process that stays running between
 * tasks, one per session key (tasks without a key share the agent's default session). The
 * role's preset and options decide how prompts are framed, where answers end and which output
 * is an error; see session/ for the process, the exchange and the pool.
 */

import type { AgentRuntime } from "../../schemas/blueprint";
import { resolveSession, sessionOptionsSchema } from "../../schemas/blueprint-sessions";
import type { MemoryEndpoint } from "../memory-client";
import { memoryCommandEnv } from "../memory-command-bin";
import { promptOf, type Runtime } from "./runtime";
import { SessionPool } from "./session/session-pool";

type CommandSpec = Extract<AgentRuntime, { type: "command" }>;

/** The session of tasks that carry no session key. */
export const DEFAULT_SESSION_KEY = "default";

export type SessionRuntime = Runtime & { sessions: SessionPool };

export function sessionRuntime(
  spec: CommandSpec,
  environment: NodeJS.ProcessEnv,
  memory?: MemoryEndpoint,
): SessionRuntime {
  const options = resolveSession(spec.session ?? sessionOptionsSchema.parse({}));
  const env: Record<string, string | undefined> = { ...options.env };
  for (const name of spec.env_allow ?? []) if (environment[name] !== undefined) env[name] = environment[name];
  if (!env.PATH && environment.PATH) env.PATH = environment.PATH; // to find the program, not to pass secrets
  if (!env.HOME && environment.HOME) env.HOME = environment.HOME; // REPLs keep their history there
  if (memory) Object.assign(env, memoryCommandEnv(memory, env.PATH));

  const sessions = new SessionPool({
    maxSessions: options.max_sessions,
    idleTimeoutMs: options.idle_timeout_ms,
    onMove: options.on_move,
    settings: {
      argv: spec.argv,
      cwd: spec.cwd,
      env,
      pty: options.pty,
      answerEnd: options.answer_end,
      framing: options.framing,
      errorPatterns: options.error_patterns,
      stripPatterns: options.strip_patterns,
      maxOutputBytes: spec.max_output_bytes,
      timeoutMs: spec.timeout_ms,
    },
  });
  const runtime: Runtime = async (task, ctx) => {
    const key = task.session?.key ?? DEFAULT_SESSION_KEY;
    const { answer, session } = await sessions.run(key, task.session, promptOf(task.payload), ctx.signal);
    return { result: { stdout: answer, session } };
  };
  return Object.assign(runtime, { sessions });
}

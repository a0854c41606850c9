import type { AgentConfig, JobSession, TaskUsage } from "../../schemas/agent-protocol";

export interface RuntimeTask {
  /** Which task (the limiter shows who waits); absent when a runtime is driven outside a job. */
  taskId?: string;
  /** The task's deadline from its start: a concurrency slot is never held longer. */
  timeoutMs?: number;
  type: string;
  payload: unknown;
  /** The task's session as the server knows it (turns so far, conversation), when it has a key. */
  session?: JobSession;
}

export interface RuntimeContext {
  agent: AgentConfig;
  /** Aborted on timeout, cancellation or shutdown. */
  signal: AbortSignal;
}

export interface RuntimeOutput {
  result: unknown;
  usage?: TaskUsage;
}

export type Runtime = (task: RuntimeTask, ctx: RuntimeContext) => Promise<RuntimeOutput>;

/** A failure that retrying will not fix (bad input, a violated guard). */
export class PermanentTaskError extends Error {}

export { promptOf } from "../../domain/tasks/prompt-of";

export function abortable(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

import type { AgentConfig, TaskUsage } from "../../schemas/agent-protocol";

export interface RuntimeTask {
  type: string;
  payload: unknown;
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

/** The text a tool or model is asked: a string payload, or its prompt/input field, else the JSON. */
export function promptOf(payload: unknown): string {
  if (typeof payload === "string") return payload;
  if (payload && typeof payload === "object") {
    for (const field of ["prompt", "input", "description", "text"]) {
      const value = (payload as Record<string, unknown>)[field];
      if (typeof value === "string") return value;
    }
  }
  return JSON.stringify(payload ?? null);
}

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

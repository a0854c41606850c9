/**
 * What the task console sends, from what was typed: a text prompt or a JSON payload, a target
 * (role, capability or agent), and the optional timeout, attempts, priority and session. Pure, so the
 * same request can be submitted and copied as curl.
 */

export type TargetKind = "role" | "capability" | "agentId";

export interface ConsoleForm {
  target: TargetKind;
  targetValue: string;
  format: "text" | "json";
  body: string;
  /** Seconds, as typed; empty: the cluster's default. */
  timeoutSeconds: string;
  attempts: string;
  /** 1–10 as typed; empty: the default (5). */
  priority?: string;
  sessionKey: string;
}

export interface ConsoleRequest {
  role?: string;
  capability?: string;
  agentId?: string;
  payload: unknown;
  timeoutMs?: number;
  maxAttempts?: number;
  priority?: number;
  sessionKey?: string;
}

export type ConsoleProblem = { field: "target" | "body" | "timeout" | "attempts" | "priority"; message: string };

function wholeNumber(text: string, min: number, max: number): number | null | undefined {
  if (!text.trim()) return undefined;
  const value = Number(text);
  return Number.isInteger(value) && value >= min && value <= max ? value : null;
}

export function consoleRequest(form: ConsoleForm): { request: ConsoleRequest } | { problem: ConsoleProblem } {
  if (!form.targetValue) return { problem: { field: "target", message: "choose where to send it" } };
  if (!form.body.trim()) return { problem: { field: "body", message: "write what to ask" } };
  let payload: unknown;
  if (form.format === "json") {
    try {
      payload = JSON.parse(form.body);
    } catch (error) {
      return { problem: { field: "body", message: `not valid JSON: ${(error as Error).message}` } };
    }
  } else payload = { prompt: form.body.trim() };
  const timeout = wholeNumber(form.timeoutSeconds, 1, 86_400);
  if (timeout === null) return { problem: { field: "timeout", message: "a whole number of seconds, 1 to 86400" } };
  const attempts = wholeNumber(form.attempts, 1, 20);
  if (attempts === null) return { problem: { field: "attempts", message: "a whole number, 1 to 20" } };
  const priority = wholeNumber(form.priority ?? "", 1, 10);
  if (priority === null) return { problem: { field: "priority", message: "a whole number, 1 to 10" } };
  return {
    request: {
      [form.target]: form.targetValue,
      payload,
      ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
      ...(attempts !== undefined ? { maxAttempts: attempts } : {}),
      ...(priority !== undefined ? { priority } : {}),
      ...(form.sessionKey.trim() ? { sessionKey: form.sessionKey.trim() } : {}),
    },
  };
}

/** The same request as a shell command, with the token left to the environment. */
export function curlFor(origin: string, clusterId: string, request: ConsoleRequest): string {
  const body = JSON.stringify(request).replaceAll("'", "'\\''");
  return [
    `curl -H "Authorization: Bearer $MYZEL_TOKEN" -H 'Content-Type: application/json' \\`,
    `  -d '${body}' \\`,
    `  ${origin}/api/clusters/${clusterId}/tasks`,
  ].join("\n");
}

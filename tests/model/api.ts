/**
 * The model's way into a real Myzel: REST calls that keep every answer's status, so "no 5xx"
 * holds for every call the model makes, and typed shortcuts for what the checks read.
 */
import type { AgentDto, ClusterDto } from "../../src/schemas/cluster-api";
import type { TaskDto } from "../../src/schemas/task-api";

/** Where the model finds the system under test. */
export interface Target {
  url: string;
  token: string;
  databaseUrl: string;
  redisUrl: string;
  /** Settings an extra runner must share with the server (heartbeats, restarts, breaker). */
  runnerEnv: Record<string, string>;
  /** The repository root: runners start from here. */
  root: string;
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export class Api {
  /** Every answer of 500 or more, with what was asked: "no 5xx" is checked after each step. */
  readonly serverErrors: string[] = [];
  /** Every answer that breaks the served OpenAPI document (a status it does not list, a body its schema refuses). */
  readonly contractBreaches: string[] = [];
  calls = 0;
  private breachOf?: (method: string, url: string, response: Response) => Promise<string | null>;

  /** From now on, hold every answer to the OpenAPI document (see tests/support/openapi-contract.ts). */
  holdTo(breachAt: (method: string, url: string, response: Response) => Promise<string | null>): void {
    this.breachOf = breachAt;
  }

  constructor(readonly target: Target) {}

  async call<T = any>(
    method: string,
    path: string,
    json?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    this.calls++;
    let response: Response;
    try {
      response = await fetch(`${this.target.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.target.token}`,
          ...(json !== undefined ? { "content-type": "application/json" } : {}),
          ...headers,
        },
        body: json !== undefined ? JSON.stringify(json) : undefined,
        signal: AbortSignal.timeout(120_000),
      });
    } catch (error) {
      const message = `${method} ${path} → no answer: ${(error as Error).message}`;
      this.serverErrors.push(message);
      throw new Error(message);
    }
    const text = await response.text();
    const breach = await this.breachOf?.(method, path, new Response(text, response));
    if (breach) this.contractBreaches.push(`${breach}${json !== undefined ? ` (sent ${JSON.stringify(json)})` : ""}`);
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    if (response.status >= 500)
      this.serverErrors.push(
        `${method} ${path}${json !== undefined ? ` ${JSON.stringify(json)}` : ""} → ${response.status}: ${typeof body === "object" ? body?.message : body}`,
      );
    return { status: response.status, body: body as T };
  }

  /** A read the checks depend on: anything but 200 ends the step with the answer. */
  async read<T>(path: string): Promise<T> {
    const reply = await this.call<T>("GET", path);
    if (reply.status !== 200)
      throw new Error(`GET ${path}: expected 200, got ${reply.status}: ${describe(reply.body)}`);
    return reply.body;
  }

  cluster = (id: string) => this.read<ClusterDto>(`/api/clusters/${id}`);
  agents = (id: string, includeRemoved = false) =>
    this.read<AgentDto[]>(`/api/clusters/${id}/agents${includeRemoved ? "?includeRemoved=true" : ""}`);
  task = (id: string) => this.read<TaskDto>(`/api/tasks/${id}`);

  /** The cluster once it is `status`, or as it is when the wait ends. */
  async waitCluster(id: string, status: string, timeoutMs: number): Promise<ClusterDto> {
    const deadline = Date.now() + timeoutMs;
    let cluster = await this.cluster(id);
    while (cluster.status !== status && Date.now() < deadline) {
      cluster = await this.read<ClusterDto>(
        `/api/clusters/${id}/wait?status=${status}&timeoutMs=${Math.min(60_000, Math.max(0, deadline - Date.now()))}`,
      );
    }
    return cluster;
  }

  /** The task once finished, or as it is when the wait ends. */
  async waitTask(id: string, timeoutMs: number): Promise<TaskDto> {
    const deadline = Date.now() + timeoutMs;
    let task = await this.task(id);
    while (!FINISHED.includes(task.status) && Date.now() < deadline) {
      task = await this.read<TaskDto>(
        `/api/tasks/${id}/wait?timeoutMs=${Math.min(60_000, Math.max(0, deadline - Date.now()))}`,
      );
    }
    return task;
  }
}

export const FINISHED: readonly string[] = ["SUCCEEDED", "FAILED", "CANCELLED"];

export function describe(body: unknown): string {
  if (body && typeof body === "object" && "message" in body) return String((body as { message: unknown }).message);
  return JSON.stringify(body)?.slice(0, 300) ?? String(body);
}

/**
 * The agent's side of shared memory: HTTP calls to the server's /api/agent-memory routes with the
 * credential its runner gave it. The builtin behaviours and the llm runtime use it in-process; the
 * `myzel-memory` command (memory-command.ts) does the same for tools.
 */

import { PermanentTaskError } from "./runtimes/runtime";

export interface MemoryEndpoint {
  url: string;
  token: string;
}

export interface SearchHit {
  score: number;
  document: { id: string; title: string; text: string; tags: string[]; createdBy: string };
}

export class MemoryError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface MemoryClient {
  get(key: string, namespace?: string): Promise<{ value: unknown; version: number }>;
  put(
    key: string,
    value: unknown,
    options?: { namespace?: string; expectedVersion?: number; ttlSeconds?: number },
  ): Promise<{ version: number }>;
  delete(key: string, options?: { namespace?: string; expectedVersion?: number }): Promise<{ deleted: boolean }>;
  remember(
    text: string,
    options?: { namespace?: string; title?: string; tags?: string[]; metadata?: Record<string, unknown> },
  ): Promise<{ id: string }>;
  search(q: string, options?: { namespace?: string; limit?: number; tags?: string[] }): Promise<SearchHit[]>;
}

export function memoryClient(endpoint: MemoryEndpoint, fetchImpl: typeof fetch = fetch): MemoryClient {
  const base = `${endpoint.url.replace(/\/+$/, "")}/api/agent-memory`;
  const call = async <T>(method: string, path: string, query: Record<string, unknown>, body?: object): Promise<T> => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) params.append(name, String(item));
    }
    const search = params.size ? `?${params}` : "";
    const response = await fetchImpl(`${base}${path}${search}`, {
      method,
      headers: {
        authorization: `Bearer ${endpoint.token}`,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) throw new MemoryError(response.status, String(parsed.detail ?? parsed.message ?? text));
    return parsed as T;
  };
  const key = (k: string) => `/values/${encodeURIComponent(k)}`;
  return {
    get: (k, namespace) => call("GET", key(k), { namespace }),
    put: (k, value, options = {}) => call("PUT", key(k), {}, { value, ...options }),
    delete: (k, options = {}) => call("DELETE", key(k), options),
    remember: (text, options = {}) => call("POST", "/documents", {}, { text, ...options }),
    search: async (q, options = {}) => (await call<{ hits: SearchHit[] }>("GET", "/search", { q, ...options })).hits,
  };
}

/** A refusal (403, 404, 409, 413 …) will not change on a retry of the task; a server error might. */
export async function permanentIfRefused<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof MemoryError && error.status < 500) throw new PermanentTaskError(error.message);
    throw error;
  }
}

/** Compare-and-set with retries: reads, applies `change`, writes only if nobody wrote between. */
export async function updateValue(
  memory: MemoryClient,
  key: string,
  change: (current: unknown) => unknown,
  options: { namespace?: string; attempts?: number } = {},
): Promise<{ value: unknown; version: number; attempts: number }> {
  const attempts = options.attempts ?? 100;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const current = await memory.get(key, options.namespace).catch((error: unknown) => {
      if (error instanceof MemoryError && error.status === 404) return { value: undefined, version: 0 };
      throw error;
    });
    const value = change(current.value);
    try {
      const written = await memory.put(key, value, { namespace: options.namespace, expectedVersion: current.version });
      return { value, version: written.version, attempts: attempt };
    } catch (error) {
      if (!(error instanceof MemoryError && error.status === 409)) throw error;
    }
  }
  throw new Error(`"${key}" kept changing: ${attempts} compare-and-set attempts lost`);
}

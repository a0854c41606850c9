/**
 * A typed client for other TypeScript apps:
 *
 *   import { createMyzelClient } from "myzel/client";
 *   const myzel = createMyzelClient({ url: "http://localhost:3000" });
 *   const cluster = await myzel.clusters.create.mutate({ blueprintId: "marketing-v1", name: "Q1" });
 *
 * Every procedure, input and output is typed from Myzel's router (`AppRouter`); `events()`
 * follows the live events, resuming by itself after reconnects.
 */
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../api/root";
import { MAX_BATCH_CALLS } from "../schemas/common";
import type { WatchTarget } from "../schemas/live";
import { type LiveEvents, type LiveEventsOptions, type LiveMessage, liveEvents } from "./live-events";

export type { AppRouter };
export type MyzelClient = ReturnType<typeof createMyzelClient>;

export interface MyzelClientOptions {
  /** Where Myzel runs, e.g. http://localhost:3000 */
  url: string;
  /** An API token (sent as `Authorization: Bearer …`). */
  token?: string;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export function createMyzelClient(options: MyzelClientOptions) {
  const base = options.url.replace(/\/+$/, "");
  const trpc = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/api/trpc`,
        // Long batches of queries split into several requests instead of one URL the server refuses.
        maxURLLength: 8000,
        maxItems: MAX_BATCH_CALLS,
        fetch: options.fetch,
        headers: () => ({ ...options.headers, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) }),
      }),
    ],
  });
  const live = {
    /** Live events of one cluster (`{ clusterId }`) or of all (`{ all: true }`), resumed across reconnects (see live-events.ts). */
    events: (target: WatchTarget, eventOptions?: LiveEventsOptions): LiveEvents =>
      liveEvents({ url: base, token: options.token, headers: options.headers }, target, eventOptions),
  };
  // tRPC's client is a proxy that takes every property for a procedure path: `events` is answered first.
  return new Proxy(trpc, {
    get: (target, key, receiver) => (key === "events" ? live.events : Reflect.get(target, key, receiver)),
  }) as typeof trpc & typeof live;
}

/** Problems Myzel reported with a request: what was wrong and where (YAML line/column if any). */
export function issuesOf(error: unknown): Array<{ path: string; message: string; line?: number; column?: number }> {
  if (error instanceof TRPCClientError) {
    const data = error.data as
      | { issues?: Array<{ path: string; message: string; line?: number; column?: number }> }
      | undefined;
    return data?.issues ?? [];
  }
  return [];
}

export { compareEventIds, type LiveEvent, type WatchTarget } from "../schemas/live";
export { type LaunchOptions, launchCluster } from "./launch-cluster";
export { SignInRefused, signInWithPassword } from "./sign-in";
export type { LiveEvents, LiveEventsOptions, LiveMessage };
export { TRPCClientError as MyzelClientError };

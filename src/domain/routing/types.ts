import type { RoutingStrategy } from "@/schemas/blueprint";

// The strategy names are the blueprint's; re-exported so routing callers need one import.
export type { RoutingStrategy };

/** What a routing decision may look at for one eligible agent. */
export interface RoutableAgent {
  /** Agent id (uuid); unique within one call. */
  id: string;
  /** Tasks in flight plus queued for this agent right now (live). */
  load: number;
  /** Tasks it can run at once (>= 1). */
  concurrency: number;
  /** > 0, from the blueprint (default 1). */
  weight: number;
}

export interface RouteRequest {
  sessionKey?: string;
}

/** Uniform in [0, 1), like Math.random; passed in so decisions stay reproducible in tests. */
export type Random = () => number;

/**
 * One router per cluster, kept by the caller. `pick` mutates only the router's own memory
 * (cursor, weights, cached ring); `agents` are the eligible ones, already filtered by the caller.
 */
export interface Router {
  pick(agents: readonly RoutableAgent[], request: RouteRequest, random: Random): RoutableAgent | undefined;
}

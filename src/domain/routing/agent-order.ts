import type { RoutableAgent } from "./types";

/**
 * True when `agents` has exactly the ids of `ids`, in the same order. Routers with memory use it
 * to reuse what they derived from the previous call; O(n), but only string identity checks.
 */
export function sameOrder(agents: readonly RoutableAgent[], ids: readonly string[]): boolean {
  if (agents.length !== ids.length) return false;
  for (let i = 0; i < agents.length; i++) {
    if (agents[i]!.id !== ids[i]) return false;
  }
  return true;
}

export function idsOf(agents: readonly RoutableAgent[]): string[] {
  return agents.map((agent) => agent.id);
}

export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

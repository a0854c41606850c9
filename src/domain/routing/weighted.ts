import { idsOf, sameOrder } from "./agent-order";
import type { RoutableAgent, Router } from "./types";

/**
 * Smooth weighted round-robin (nginx): each pick adds every agent's weight to its running
 * score, takes the highest score (the earliest on a tie) and lowers it by the total weight.
 * Over sum(weights) picks each agent is chosen exactly `weight` times, interleaved
 * (5, 1, 1 → a a b a c a a). O(n) per pick; weights are read live on every pick.
 *
 * On a membership change surviving agents keep their scores and newcomers start at 0, as in
 * nginx. Scores then no longer sum to 0, but that only shifts all of them by a constant, and
 * the order of picks does not change under such a shift.
 */
export function createWeightedRouter(): Router {
  let listIds: string[] = [];
  let scores = new Float64Array(0);

  function refresh(agents: readonly RoutableAgent[]): void {
    const previous = new Map(listIds.map((id, index) => [id, scores[index]!]));
    listIds = idsOf(agents);
    scores = Float64Array.from(listIds, (id) => previous.get(id) ?? 0);
  }

  return {
    pick(agents) {
      if (agents.length === 0) return undefined;
      if (!sameOrder(agents, listIds)) refresh(agents);
      let total = 0;
      let best = 0;
      for (let i = 0; i < agents.length; i++) {
        const weight = agents[i]!.weight;
        total += weight;
        scores[i] = scores[i]! + weight;
        if (scores[i]! > scores[best]!) best = i;
      }
      scores[best] = scores[best]! - total;
      return agents[best];
    },
  };
}

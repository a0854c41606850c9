import type { RoutableAgent, Router } from "./types";

/**
 * Cycles through the agents in the order given. It remembers the last agent picked and where
 * it stood, so a changed list continues after that agent instead of restarting or skipping:
 * O(1) while the list is unchanged, one scan when it moved.
 */
export function createRoundRobinRouter(): Router {
  let lastId: string | undefined;
  let lastIndex = -1;

  return {
    pick(agents) {
      if (agents.length === 0) return undefined;
      const index = nextIndex(agents, lastId, lastIndex) % agents.length;
      const agent = agents[index]!;
      lastId = agent.id;
      lastIndex = index;
      return agent;
    },
  };
}

function nextIndex(agents: readonly RoutableAgent[], lastId: string | undefined, lastIndex: number): number {
  if (lastId === undefined) return 0;
  if (agents[lastIndex]?.id === lastId) return lastIndex + 1;
  const moved = agents.findIndex((agent) => agent.id === lastId);
  if (moved >= 0) return moved + 1;
  // The last agent left: its successor has slid into its place, so start there.
  return lastIndex;
}

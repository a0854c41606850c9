import { idsOf, sameIds, sameOrder } from "./agent-order";
import { hash32 } from "./hash";
import { buildRing, type HashRing, ownerOf, VIRTUAL_NODES } from "./hash-ring";
import { pickLeastBusy } from "./least-busy";
import type { RoutableAgent, Router } from "./types";

/**
 * Session affinity by consistent hashing: a session key maps to the same agent while the set
 * of agents is unchanged, and a join or leave moves only the sessions of the agent that
 * changed (about 1/n of them). Requests without a session key go to the least busy agent.
 *
 * The ring is built from the sorted ids, so it depends on membership only; it is rebuilt when
 * the set changes, and a mere reordering only remaps ring owners to list positions.
 */
export function createStickyRouter(virtualNodes = VIRTUAL_NODES): Router {
  let sortedIds: string[] = [];
  let ring: HashRing = buildRing([], virtualNodes);
  // What the last call looked like, and where each ring owner stood in it.
  let listIds: string[] = [];
  let positionOfOwner = new Uint32Array(0);

  function refresh(agents: readonly RoutableAgent[]): void {
    listIds = idsOf(agents);
    const sorted = [...listIds].sort();
    if (!sameIds(sorted, sortedIds)) {
      sortedIds = sorted;
      ring = buildRing(sortedIds, virtualNodes);
    }
    const position = new Map(listIds.map((id, index) => [id, index]));
    positionOfOwner = Uint32Array.from(sortedIds, (id) => position.get(id)!);
  }

  return {
    pick(agents, request, random) {
      // An empty key would pin every such request to one agent; treat it as no key.
      if (!request.sessionKey) return pickLeastBusy(agents, random);
      if (agents.length === 0) return undefined;
      if (!sameOrder(agents, listIds)) refresh(agents);
      const owner = ownerOf(ring, hash32(request.sessionKey))!;
      return agents[positionOfOwner[owner]!];
    },
  };
}

/** Puts agents on nodes by free capacity: each agent goes to the live node with the most room. */

export interface NodeCapacity {
  id: string;
  capacity: number;
  /** Agents already assigned to it that should run. */
  assigned: number;
}

export interface Placement {
  placed: Map<string, string>;
  /** Agents no node has room for (reported, retried on the next pass). */
  unplaced: string[];
}

export function placeAgents(agentIds: readonly string[], nodes: readonly NodeCapacity[]): Placement {
  const free = nodes.map((node) => ({ id: node.id, free: node.capacity - node.assigned }));
  const placed = new Map<string, string>();
  const unplaced: string[] = [];
  for (const agentId of agentIds) {
    let best: (typeof free)[number] | undefined;
    for (const node of free)
      if (node.free > 0 && (!best || node.free > best.free || (node.free === best.free && node.id < best.id)))
        best = node;
    if (!best) {
      unplaced.push(agentId);
      continue;
    }
    best.free--;
    placed.set(agentId, best.id);
  }
  return { placed, unplaced };
}

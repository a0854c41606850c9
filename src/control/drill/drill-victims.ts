/**
 * Which agent process the drill breaks next: one running on this host, with its circuit
 * closed, the one left alone longest — so kills go round the cluster instead of tripping one
 * agent's breaker again and again.
 */
import os from "node:os";
import type { Database } from "../../infra/database/client";
import { isAlive } from "../../infra/embedded/child-service";

export interface Victim {
  agentId: string;
  key: string;
  pid: number;
}

export async function pickVictim(
  db: Database,
  clusterId: string,
  lastHit: ReadonlyMap<string, number>,
  exclude: ReadonlySet<number>,
): Promise<Victim | undefined> {
  const running = await db.clusterAgent.findMany({
    where: { clusterId, removedAt: null, status: { in: ["IDLE", "BUSY"] }, pid: { not: null }, circuitState: "closed" },
    select: { id: true, agentKey: true, pid: true, node: { select: { hostname: true } } },
  });
  // A record can still name a process that just died (its runner was killed): only live ones count.
  const here = running.filter((a) => a.node?.hostname === os.hostname() && !exclude.has(a.pid!) && isAlive(a.pid!));
  if (!here.length) return undefined;
  here.sort((a, b) => (lastHit.get(a.id) ?? 0) - (lastHit.get(b.id) ?? 0) || Math.random() - 0.5);
  const chosen = here[0]!;
  return { agentId: chosen.id, key: chosen.agentKey, pid: chosen.pid! };
}

/** The healing history: every detection and action, newest first. */
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import type { Prisma } from "../generated/prisma/client";
import type { healingListInput } from "../schemas/healing-api";
import { keysetPage } from "./keyset-page";

export async function listHealingEvents(deps: Pick<CoreDeps, "db">, input: z.infer<typeof healingListInput>) {
  const where: Prisma.HealingEventWhereInput = {
    ...(input.clusterId ? { clusterId: input.clusterId } : {}),
    ...(input.agentId ? { agentId: input.agentId } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.since ? { at: { gte: new Date(input.since) } } : {}),
    ...(input.outcome ? { outcome: input.outcome } : {}),
    ...(input.severity ? { severity: input.severity } : {}),
    ...(input.actor ? { actor: input.actor === "auto" ? "auto" : { not: "auto" } } : {}),
  };
  return keysetPage(input, "at", {
    fetch: (keyset) => deps.db.healingEvent.findMany({ ...keyset, where: { AND: [where, keyset.where] } }),
    count: () => deps.db.healingEvent.count({ where }),
    toDto: ({ data: _data, ...row }) => ({
      ...row,
      at: row.at.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
    }),
  });
}

/** Which kinds of entries the history holds, most frequent first: the choices of the kind filter. */
export async function healingKinds(deps: Pick<CoreDeps, "db">) {
  const rows = await deps.db.healingEvent.groupBy({
    by: ["kind"],
    _count: { _all: true },
    orderBy: { _count: { kind: "desc" } },
  });
  return rows.map((row) => ({ kind: row.kind, count: row._count._all }));
}

/** The healing history: every detection and action, newest first. */
import type { z } from "zod";
import type { AppDeps } from "../api/trpc";
import type { Prisma } from "../generated/prisma/client";
import type { healingListInput } from "../schemas/healing-api";

export async function listHealingEvents(deps: Pick<AppDeps, "db">, input: z.infer<typeof healingListInput>) {
  const where: Prisma.HealingEventWhereInput = {
    ...(input.clusterId ? { clusterId: input.clusterId } : {}),
    ...(input.agentId ? { agentId: input.agentId } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.since ? { at: { gte: new Date(input.since) } } : {}),
  };
  const [rows, total] = await Promise.all([
    deps.db.healingEvent.findMany({ where, orderBy: { at: "desc" }, take: input.limit, skip: input.offset }),
    deps.db.healingEvent.count({ where }),
  ]);
  const items = rows.map(({ data: _data, ...row }) => ({ ...row, at: row.at.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null }));
  return { items, total, limit: input.limit, offset: input.offset };
}

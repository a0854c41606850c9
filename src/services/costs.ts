/**
 * What tasks cost, rolled up at read time from each task's recorded cost (priced when it
 * finished): per cluster, role, agent or day, over a window of finish times.
 */
import type { z } from "zod";
import { Prisma } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";
import type { CostSummaryDto, costSummaryInput } from "../schemas/cost-api";

const DEFAULT_WINDOW_MS = 30 * 24 * 3600_000;

interface Row {
  key: string;
  label: string;
  cluster_id: string | null;
  cost: number;
  tasks: number;
  prompt: number;
  completion: number;
}

const GROUPS: Record<
  CostSummaryDto["by"],
  { key: Prisma.Sql; label: Prisma.Sql; cluster: Prisma.Sql; order: Prisma.Sql }
> = {
  cluster: {
    key: Prisma.sql`t.cluster_id::text`,
    label: Prisma.sql`min(c.name)`,
    cluster: Prisma.sql`t.cluster_id::text`,
    order: Prisma.sql`cost DESC`,
  },
  role: {
    key: Prisma.sql`coalesce(a.role, 'none')`,
    label: Prisma.sql`coalesce(a.role, 'none')`,
    cluster: Prisma.sql`NULL::text`,
    order: Prisma.sql`cost DESC`,
  },
  agent: {
    key: Prisma.sql`coalesce(t.agent_id::text, 'none')`,
    label: Prisma.sql`coalesce(min(a.agent_key), 'none')`,
    cluster: Prisma.sql`min(t.cluster_id::text)`,
    order: Prisma.sql`cost DESC`,
  },
  day: {
    key: Prisma.sql`to_char(t.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
    label: Prisma.sql`to_char(t.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
    cluster: Prisma.sql`NULL::text`,
    order: Prisma.sql`key DESC`,
  },
};

export async function costSummary(db: Database, input: z.infer<typeof costSummaryInput>): Promise<CostSummaryDto> {
  const to = input.to ? new Date(input.to) : new Date();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - DEFAULT_WINDOW_MS);
  const group = GROUPS[input.by];
  const cluster = input.clusterId ? Prisma.sql`AND t.cluster_id = ${input.clusterId}::uuid` : Prisma.empty;
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${group.key} AS key, ${group.label} AS label, ${group.cluster} AS cluster_id,
      sum(t.cost_usd)::float8 AS cost, count(*)::int AS tasks,
      coalesce(sum((t.usage->>'promptTokens')::bigint), 0)::float8 AS prompt,
      coalesce(sum((t.usage->>'completionTokens')::bigint), 0)::float8 AS completion
    FROM tasks t
      JOIN clusters c ON c.id = t.cluster_id
      LEFT JOIN cluster_agents a ON a.id = t.agent_id
    WHERE t.cost_usd IS NOT NULL AND t.finished_at >= ${from} AND t.finished_at < ${to} ${cluster}
    GROUP BY 1
    ORDER BY ${group.order}
    LIMIT 500`;
  const items = rows.map((r) => ({
    key: r.key,
    label: r.label,
    clusterId: r.cluster_id,
    costUsd: r.cost,
    tasks: r.tasks,
    promptTokens: r.prompt,
    completionTokens: r.completion,
  }));
  const total = items.reduce(
    (sum, item) => ({
      costUsd: sum.costUsd + item.costUsd,
      tasks: sum.tasks + item.tasks,
      promptTokens: sum.promptTokens + item.promptTokens,
      completionTokens: sum.completionTokens + item.completionTokens,
    }),
    { costUsd: 0, tasks: 0, promptTokens: 0, completionTokens: 0 },
  );
  return { by: input.by, from: from.toISOString(), to: to.toISOString(), total, items };
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { formatCount, formatUsd } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { DefinitionList } from "../ui/definition-list";
import { Panel } from "../ui/panel";
import { Skeleton } from "../ui/skeleton";

/** Costs change as tasks finish: a look every half minute is enough for sums of the day and month. */
const REFRESH_MS = 30_000;

function startOfUtcMonth(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
}

/** What the cluster's tasks cost this month (UTC), by role and by day. */
export function CostPanel({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const from = startOfUtcMonth();
  const byRole = useQuery({
    ...trpc.costs.summary.queryOptions({ clusterId, by: "role", from }),
    refetchInterval: REFRESH_MS,
  });
  const byDay = useQuery({
    ...trpc.costs.summary.queryOptions({ clusterId, by: "day", from }),
    refetchInterval: REFRESH_MS,
  });
  const budgets = useQuery(trpc.budgets.list.queryOptions({ clusterId }));
  const today = new Date().toISOString().slice(0, 10);
  const hold = budgets.data?.cluster;

  return (
    <Panel
      title="Cost"
      description="What its tasks' model calls cost this month (UTC), at the models' prices"
      id="cost"
    >
      {hold?.held && (
        <p
          role="alert"
          data-testid="budget-hold"
          className="mb-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          Provider calls paused: {hold.reason}. Its tasks wait; raise the budget or resume it to go on.
        </p>
      )}
      {hold && !hold.held && hold.soft && (
        <p className="mb-3 text-sm text-amber-800 dark:text-amber-300" data-testid="budget-notice">
          The soft budget limit is reached.
        </p>
      )}
      {byRole.isPending || byDay.isPending ? (
        <Skeleton className="h-16" />
      ) : byRole.isError || byDay.isError ? (
        <p className="text-sm text-red-700 dark:text-red-400">Could not load the costs.</p>
      ) : (
        <DefinitionList
          rows={[
            ["Today", formatUsd(byDay.data.items.find((d) => d.key === today)?.costUsd ?? 0)],
            [
              "This month",
              `${formatUsd(byRole.data.total.costUsd)} · ${formatCount(byRole.data.total.tasks)} priced tasks`,
            ],
            ...byRole.data.items.map((role): [string, string] => [`Role ${role.label}`, formatUsd(role.costUsd)]),
            ...(budgets.data?.items ?? []).map((b): [string, string] => [
              `${b.scope === "global" ? "Global" : "Cluster"} ${b.period === "day" ? "daily" : "monthly"} budget`,
              `${formatUsd(b.spentUsd)} of ${b.hardUsd !== null ? formatUsd(b.hardUsd) : "no hard limit"}${b.softUsd !== null ? ` (notice at ${formatUsd(b.softUsd)})` : ""}`,
            ]),
          ]}
        />
      )}
    </Panel>
  );
}

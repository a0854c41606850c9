"use client";
import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { ArrowDown, ArrowUp, Clock, Minus, Moon } from "lucide-react";
import { useTRPC } from "../../trpc";
import { Panel } from "../ui/panel";
import { RelativeTime } from "../ui/relative-time";
import { Skeleton } from "../ui/skeleton";
import { StatusBadge } from "../ui/status-badge";

const DIRECTION = {
  up: { icon: ArrowUp, label: "Scaled up", color: "text-emerald-600 dark:text-emerald-400" },
  down: { icon: ArrowDown, label: "Scaled down", color: "text-sky-600 dark:text-sky-400" },
  hibernate: { icon: Moon, label: "Hibernated", color: "text-indigo-600 dark:text-indigo-300" },
  expire: { icon: Clock, label: "Expired", color: "text-rose-600 dark:text-rose-300" },
  none: { icon: Minus, label: "No change", color: "text-zinc-500 dark:text-zinc-400" },
} as const;

/** The auto-scaler's decisions that changed something, with the reason each names; new ones arrive live. */
export function ScalingLog({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const decisions = useQuery(trpc.clusters.scalingDecisions.queryOptions({ id: clusterId, changesOnly: true }));
  return (
    <Panel
      id="scaling-log"
      title="Auto-scaling"
      description={
        decisions.data
          ? decisions.data.enabled
            ? "Decisions of the last hour, with their reasons"
            : "Off: its blueprint has no scaling block, or MYZEL_AUTO_SCALE_ENABLED is false"
          : "Decisions of the last hour"
      }
      bodyClassName=""
    >
      {decisions.isPending ? (
        <div className="space-y-2 p-4">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
        </div>
      ) : !decisions.data || decisions.data.items.length === 0 ? (
        <p className="px-4 py-5 text-center text-sm text-zinc-500 dark:text-zinc-400">
          {decisions.data?.enabled === false
            ? "This cluster keeps the size it is given."
            : "No changes in the last hour: the load stayed within the thresholds."}
        </p>
      ) : (
        <ol
          className="max-h-72 divide-y divide-zinc-100 overflow-y-auto dark:divide-zinc-800/70"
          aria-label="Scaling decisions"
        >
          {decisions.data.items.slice(0, 20).map((decision) => {
            const style = DIRECTION[decision.direction];
            const Icon = style.icon;
            return (
              <li
                key={`${decision.at}-${decision.direction}`}
                className="flex gap-3 px-4 py-2.5"
                data-testid="scaling-decision"
              >
                <Icon className={clsx("mt-0.5 size-4 shrink-0", style.color)} aria-hidden />
                <div className="min-w-0 flex-1">
                  <div className="flex items-center gap-2 text-sm">
                    <span className="font-medium text-zinc-900 dark:text-zinc-100">{style.label}</span>
                    <span className="tabular-nums text-zinc-500 dark:text-zinc-400">
                      {decision.from} → {decision.to}
                    </span>
                    {decision.outcome !== "applied" && <StatusBadge kind="scaling" status={decision.outcome} />}
                    <RelativeTime
                      at={decision.at}
                      className="ml-auto shrink-0 text-xs text-zinc-500 dark:text-zinc-400"
                    />
                  </div>
                  <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">{decision.error ?? decision.reason}</p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Panel>
  );
}

import clsx from "clsx";
import { CircleSlash } from "lucide-react";
import Link from "next/link";
import type { ClusterFigures } from "../../lib/api-types";
import { formatCount, formatPercent } from "../../lib/format";
import { Skeleton } from "../ui/skeleton";
import { StatusBadge } from "../ui/status-badge";
import { troubleOf } from "./trouble-order";

/** A cluster at a glance: status, how its agents are, and how its tasks flow. One fixed height. */
export function ClusterCard({ figures }: { figures: ClusterFigures }) {
  const { cluster, agents, tasks } = figures;
  const share = (count: number) => `${agents.total ? (count / agents.total) * 100 : 0}%`;
  const erring = tasks.errorRate !== null && tasks.errorRate > 0.05;
  const trouble = troubleOf(figures);
  return (
    <li data-testid="cluster-card" data-cluster-id={cluster.id} data-trouble={trouble}>
      <Link
        href={`/clusters/${cluster.id}`}
        className={clsx(
          trouble === "trouble" && "border-l-4 border-l-red-500 dark:border-l-red-500",
          "block h-[132px] rounded-lg border border-zinc-200 bg-white p-4 shadow-xs transition-colors hover:border-zinc-300 hover:bg-zinc-50/60 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:border-zinc-800 dark:bg-zinc-900/60 dark:hover:border-zinc-700 dark:hover:bg-zinc-900",
        )}
      >
        <div className="flex items-center gap-2">
          <span className="min-w-0 flex-1 truncate text-sm font-semibold text-zinc-900 dark:text-zinc-50">
            {cluster.name}
          </span>
          {agents.openCircuits > 0 && (
            <span
              className="flex items-center gap-1 text-xs text-amber-700 dark:text-amber-300"
              title="agents whose circuit breaker is open"
            >
              <CircleSlash className="size-3.5" aria-hidden />
              {agents.openCircuits}
            </span>
          )}
          <StatusBadge kind="cluster" status={cluster.status} />
        </div>
        <p className="mt-0.5 truncate font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
          {cluster.blueprintId}@{cluster.blueprintVersion}
        </p>

        <div className="mt-3 flex h-1.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden>
          <div className="bg-emerald-500 transition-[width] duration-500" style={{ width: share(agents.running) }} />
          <div className="bg-sky-400 transition-[width] duration-500" style={{ width: share(agents.starting) }} />
          <div className="bg-red-500 transition-[width] duration-500" style={{ width: share(agents.failed) }} />
        </div>

        <dl className="mt-3 grid grid-cols-4 gap-2 text-xs">
          <Figure
            label="Agents"
            value={`${agents.running}/${agents.total}`}
            warn={agents.failed > 0}
            detail={agents.failed ? `${agents.failed} failed` : undefined}
          />
          <Figure label="Open tasks" value={formatCount(tasks.open)} />
          <Figure label="Tasks/min" value={formatCount(tasks.perMinute)} />
          <Figure label="Errors" value={formatPercent(tasks.errorRate, 0)} warn={erring} />
        </dl>
      </Link>
    </li>
  );
}

function Figure({ label, value, warn, detail }: { label: string; value: string; warn?: boolean; detail?: string }) {
  return (
    <div className="min-w-0" title={detail}>
      <dt className="truncate text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd
        className={clsx(
          "text-sm font-semibold tabular-nums",
          warn ? "text-red-600 dark:text-red-400" : "text-zinc-900 dark:text-zinc-100",
        )}
      >
        {value}
      </dd>
    </div>
  );
}

export function ClusterCardSkeleton() {
  return <Skeleton className="h-[132px] w-full rounded-lg" />;
}

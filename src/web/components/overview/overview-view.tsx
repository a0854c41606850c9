"use client";
import { useQuery } from "@tanstack/react-query";
import { Network, Plus } from "lucide-react";
import { useLiveEvents } from "../../hooks/use-live-events";
import { formatCount } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { placeholderKeys } from "../ui/skeleton";
import { Stat, StatGrid } from "../ui/stat";
import { ClusterCard, ClusterCardSkeleton } from "./cluster-card";
import { HealButton } from "./heal-dialog";
import { RecentHealing } from "./recent-healing";
import { SystemHealthPanel } from "./system-health-panel";
import { byTrouble } from "./trouble-order";

/** Everything at once: every cluster's state, the system's health, what was healed, and the heal button. */
export function OverviewView() {
  const trpc = useTRPC();
  useLiveEvents({ all: true });
  const overview = useQuery(trpc.system.overview.queryOptions({}));
  const figures = overview.data ?? [];
  const sum = (pick: (entry: (typeof figures)[number]) => number) =>
    figures.reduce((total, entry) => total + pick(entry), 0);
  const active = figures.filter((entry) => entry.cluster.status === "ACTIVE").length;
  const failed = sum((entry) => entry.agents.failed);

  return (
    <>
      <PageHeader
        title="Overview"
        description="Every cluster, the system's health and what Myzel healed, as it happens."
        actions={<HealButton />}
      />

      <StatGrid>
        <Stat
          label="Clusters"
          value={overview.data ? figures.length : "–"}
          detail={overview.data ? `${active} active` : undefined}
        />
        <Stat
          label="Agents running"
          value={overview.data ? `${sum((e) => e.agents.running)} / ${sum((e) => e.agents.total)}` : "–"}
          detail={
            overview.data ? (
              failed ? (
                <span className="text-red-600 dark:text-red-400">{failed} failed</span>
              ) : (
                "none failed"
              )
            ) : undefined
          }
        />
        <Stat
          label="Open tasks"
          value={overview.data ? formatCount(sum((e) => e.tasks.open)) : "–"}
          detail="pending or running"
        />
        <Stat
          label="Throughput"
          value={overview.data ? formatCount(sum((e) => e.tasks.perMinute)) : "–"}
          detail="tasks/min, last 5 min"
        />
      </StatGrid>

      <div className="mt-6 grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <section aria-labelledby="clusters-heading" className="min-w-0">
          <div className="mb-3 flex items-center justify-between">
            <h2 id="clusters-heading" className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
              Clusters
            </h2>
            <ButtonLink href="/clusters" size="sm" variant="ghost">
              Manage
            </ButtonLink>
          </div>
          {overview.isPending ? (
            <ul className="grid grid-cols-1 gap-3 md:grid-cols-2" aria-busy="true" aria-label="Loading clusters">
              {placeholderKeys(4).map((key) => (
                <li key={key}>
                  <ClusterCardSkeleton />
                </li>
              ))}
            </ul>
          ) : overview.isError ? (
            <ErrorState
              title="Could not load the clusters"
              error={overview.error}
              onRetry={() => void overview.refetch()}
            />
          ) : figures.length === 0 ? (
            <div className="rounded-lg border border-dashed border-zinc-300 dark:border-zinc-700">
              <EmptyState
                icon={Network}
                title="No clusters running"
                description="Create a cluster from a blueprint; it shows up here with its agents and tasks as they run."
                actions={
                  <ButtonLink href="/clusters" variant="primary">
                    <Plus aria-hidden /> New cluster
                  </ButtonLink>
                }
              />
            </div>
          ) : (
            <ul className="grid grid-cols-1 gap-3 md:grid-cols-2" aria-label="Clusters">
              {[...figures].sort(byTrouble).map((entry) => (
                <ClusterCard key={entry.cluster.id} figures={entry} />
              ))}
            </ul>
          )}
        </section>

        <div className="flex min-w-0 flex-col gap-6">
          <SystemHealthPanel />
          <RecentHealing />
        </div>
      </div>
    </>
  );
}

"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { SearchX, ShieldCheck } from "lucide-react";
import { useMemo } from "react";
import { HEALING_WINDOWS, useHealingFilterParams } from "../../hooks/use-healing-filter-params";
import { useLiveEvents } from "../../hooks/use-live-events";
import type { HealingListInput } from "../../lib/api-types";
import { useTRPC } from "../../trpc";
import { HealButton } from "../overview/heal-dialog";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Pagination } from "../ui/pagination";
import { Panel } from "../ui/panel";
import { Loading, Placeholders } from "../ui/skeleton";
import { groupByDay } from "./day-groups";
import { HealingEntryItem } from "./healing-entry";
import { HealingFilters } from "./healing-filters";

const PAGE_SIZE = 50;
const MINUTE = 60_000;

/** The healing history as a timeline by day, filtered through the URL; new entries appear on top. */
export function HealingView() {
  const trpc = useTRPC();
  useLiveEvents({ all: true });
  const { filters, cursor, setFilters, clearFilters, setCursor } = useHealingFilterParams();
  // Rounded to the minute, so the query stays the same between renders.
  const minute = Math.floor(Date.now() / MINUTE) * MINUTE;
  const since = filters.window ? new Date(minute - HEALING_WINDOWS[filters.window].ms).toISOString() : undefined;

  const input: HealingListInput = {
    kind: filters.kind ?? undefined,
    outcome: filters.outcome ?? undefined,
    severity: filters.severity ?? undefined,
    actor: filters.actor ?? undefined,
    clusterId: filters.cluster ?? undefined,
    since,
    limit: PAGE_SIZE,
    cursor,
  };
  const history = useQuery({ ...trpc.healing.history.queryOptions(input), placeholderData: keepPreviousData });
  const kinds = useQuery(trpc.healing.kinds.queryOptions({}));
  const clusters = useQuery(trpc.system.overview.queryOptions({}));
  const names = useMemo(
    () => new Map((clusters.data ?? []).map(({ cluster }) => [cluster.id, cluster.name])),
    [clusters.data],
  );
  const filtered = Object.values(filters).some((filter) => filter !== null);
  const groups = useMemo(() => groupByDay(history.data?.items ?? []), [history.data]);

  return (
    <>
      <PageHeader
        title="Healing history"
        description="Every failure Myzel noticed and what it did about it: when, what, by whom, the outcome and how long it took."
        actions={<HealButton />}
      />
      <div className="mb-3">
        <HealingFilters
          value={filters}
          kinds={kinds.data}
          clusters={clusters.data}
          onChange={setFilters}
          onClear={clearFilters}
        />
      </div>
      <Panel
        bodyClassName=""
        id="healing-history"
        title={history.data ? `${history.data.total} ${history.data.total === 1 ? "entry" : "entries"}` : "Entries"}
        description="Newest first"
      >
        {history.isPending ? (
          <Loading label="Loading the healing history" className="space-y-4 p-4">
            <Placeholders count={6} className="h-14 w-full" />
          </Loading>
        ) : history.isError ? (
          <ErrorState
            title="Could not load the healing history"
            error={history.error}
            onRetry={() => void history.refetch()}
          />
        ) : history.data.items.length === 0 ? (
          filtered ? (
            <EmptyState
              icon={SearchX}
              title="Nothing matches these filters"
              description="Try another kind or time, or clear the filters."
            />
          ) : (
            <EmptyState
              icon={ShieldCheck}
              title="Nothing healed yet"
              description="When an agent crashes, a node is lost or the infrastructure needs care, it is recorded here as Myzel heals it."
            />
          )
        ) : (
          <div className={history.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            {groups.map((group) => (
              <section
                key={group.day}
                aria-label={group.label}
                className="border-b border-zinc-100 px-4 py-4 last:border-0 dark:border-zinc-800/70"
              >
                <h3 className="mb-3 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
                  {group.label}
                </h3>
                <ol data-testid="healing-timeline">
                  {group.items.map((entry) => (
                    <HealingEntryItem
                      key={entry.id}
                      entry={entry}
                      clusterName={entry.clusterId ? names.get(entry.clusterId) : undefined}
                    />
                  ))}
                </ol>
              </section>
            ))}
            {history.data.total > PAGE_SIZE && <Pagination page={history.data} onChange={setCursor} />}
          </div>
        )}
      </Panel>
    </>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { useTRPC } from "../../trpc";
import { HealingEntryItem } from "../healing/healing-entry";
import { ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";
import { Loading, Placeholders } from "../ui/skeleton";

const SHOWN = 6;

/** The newest healing entries (of one cluster, or all); new ones appear on top as they happen. */
export function RecentHealing({ clusterId }: { clusterId?: string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.healing.history.queryOptions({ clusterId, limit: SHOWN }));
  return (
    <Panel
      id="recent-healing"
      title="Recent healing"
      description={history.data ? `${history.data.total} on record` : "What Myzel noticed and did"}
      actions={
        <ButtonLink href={clusterId ? `/healing?cluster=${clusterId}` : "/healing"} size="sm" variant="ghost">
          All
        </ButtonLink>
      }
    >
      {history.isPending ? (
        <Loading label="Loading recent healing" className="space-y-3">
          <Placeholders count={3} className="h-12 w-full" />
        </Loading>
      ) : history.isError ? (
        <ErrorState
          title="Could not load the healing history"
          error={history.error}
          onRetry={() => void history.refetch()}
          className="py-6"
        />
      ) : history.data.items.length === 0 ? (
        <EmptyState
          icon={ShieldCheck}
          title="Nothing healed yet"
          description={
            clusterId
              ? "Crashed or hung agents of this cluster show up here as Myzel restarts them."
              : "Crashed agents, lost nodes and infrastructure trouble show up here as Myzel deals with them."
          }
          className="py-8"
        />
      ) : (
        <ol aria-label="Recent healing" data-testid="recent-healing">
          {history.data.items.map((entry) => (
            <HealingEntryItem key={entry.id} entry={entry} compact />
          ))}
        </ol>
      )}
    </Panel>
  );
}

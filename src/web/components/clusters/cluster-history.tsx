"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Button } from "../ui/button";
import { Panel } from "../ui/panel";

const shown = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** The cluster's recorded revisions with what each changed, and a rollback to any earlier one. */
export function ClusterHistory({ clusterId, canRollBack }: { clusterId: string; canRollBack: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const history = useQuery(trpc.clusterHistory.list.queryOptions({ id: clusterId }, { refetchInterval: 5000 }));
  const rollback = useMutation(
    trpc.clusterHistory.rollback.mutationOptions({ onSettled: () => void queryClient.invalidateQueries() }),
  );
  const items = history.data?.items ?? [];
  return (
    <Panel id="cluster-history" title="History" description="Every change to the desired state: who, why, what changed">
      {rollback.error && <p className="mb-2 text-sm text-rose-600">{rollback.error.message}</p>}
      <ol className="space-y-2 text-sm">
        {items.slice(0, 30).map((item, index) => (
          <li
            key={item.revision}
            data-testid="history-entry"
            className="border-b border-zinc-100 pb-2 dark:border-zinc-800"
          >
            <div className="flex items-center justify-between gap-2">
              <span>
                <span className="font-mono">#{item.revision}</span> {item.reason}{" "}
                <span className="text-xs text-zinc-500 dark:text-zinc-400">
                  {item.actor} · {formatDateTime(item.at)}
                </span>
              </span>
              {canRollBack && index > 0 && (
                <Button
                  size="sm"
                  disabled={rollback.isPending}
                  onClick={() => rollback.mutate({ id: clusterId, revision: item.revision })}
                >
                  Roll back to #{item.revision}
                </Button>
              )}
            </div>
            {item.changes.length > 0 && (
              <ul className="mt-1 font-mono text-xs text-zinc-600 dark:text-zinc-400">
                {item.changes.map((change) => (
                  <li key={change.field}>
                    {change.field}: {shown(change.before)} → {shown(change.after)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </Panel>
  );
}

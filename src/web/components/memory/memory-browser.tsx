"use client";
import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { usePermissions } from "../../hooks/use-permissions";
import { useTRPC } from "../../trpc";
import { Badge } from "../ui/badge";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";
import { Skeleton } from "../ui/skeleton";
import { NamespaceDetail } from "./namespace-detail";

/**
 * Memory namespaces — a cluster's, or every one — with the selected one's values and
 * documents. Archived namespaces (of destroyed clusters) are shown read-only.
 */
export function MemoryBrowser({ clusterId, writable = true }: { clusterId?: string; writable?: boolean }) {
  const trpc = useTRPC();
  const { canOperate } = usePermissions();
  const namespaces = useQuery(
    trpc.memory.namespaces.queryOptions({ ...(clusterId ? { clusterId } : {}), includeArchived: true, limit: 200 }),
  );
  const [selectedId, setSelectedId] = useState<string>();
  const items = namespaces.data?.items ?? [];
  const selected = items.find((ns) => ns.id === selectedId) ?? items[0];

  return (
    <Panel
      id="memory"
      title="Memory"
      description="What agents, operators and apps share: values with versions, and documents found by search"
      bodyClassName=""
    >
      {namespaces.isPending ? (
        <div className="p-4">
          <Skeleton className="h-9 w-full" />
        </div>
      ) : namespaces.error ? (
        <div className="p-4">
          <ErrorState error={namespaces.error} />
        </div>
      ) : !items.length ? (
        <p className="px-4 py-5 text-center text-sm text-zinc-500 dark:text-zinc-400">No memory namespaces.</p>
      ) : (
        <div className="grid grid-cols-1 lg:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
          <ul
            aria-label="Namespaces"
            className="max-h-[32rem] divide-y divide-zinc-100 overflow-y-auto dark:divide-zinc-800/70"
          >
            {items.map((ns) => (
              <li key={ns.id} data-testid="memory-namespace">
                <button
                  type="button"
                  onClick={() => setSelectedId(ns.id)}
                  aria-pressed={selected?.id === ns.id}
                  className={clsx(
                    "flex w-full flex-col gap-1 px-4 py-2 text-left hover:bg-zinc-50 dark:hover:bg-zinc-800/50",
                    selected?.id === ns.id && "bg-zinc-100 dark:bg-zinc-800",
                  )}
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className="truncate font-mono text-sm">{ns.clusterId ? ns.name : `global:${ns.name}`}</span>
                    {ns.archivedAt && <Badge tone="amber">archived</Badge>}
                  </span>
                  <span className="text-xs text-zinc-600 dark:text-zinc-400">
                    {ns.values} values · {ns.documents} documents · {ns.language}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {selected && (
            <div className="min-w-0 border-t border-zinc-200 p-4 lg:border-t-0 lg:border-l dark:border-zinc-800">
              <NamespaceDetail key={selected.id} namespace={selected} canWrite={writable && canOperate} />
            </div>
          )}
        </div>
      )}
    </Panel>
  );
}

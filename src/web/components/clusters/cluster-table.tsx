"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import type { Cluster } from "../../lib/api-types";
import { type Column, DataTable } from "../ui/data-table";
import { RelativeTime } from "../ui/relative-time";
import { StatusBadge } from "../ui/status-badge";
import { CLUSTER_TYPE_LABELS } from "./cluster-types";
import { WorkerCount } from "./worker-count";

const WIDE = "hidden md:table-cell";

const COLUMNS: Column<Cluster>[] = [
  {
    key: "name",
    header: "Name",
    cellClassName: "max-w-72",
    skeleton: ["h-4 w-40"],
    cell: (cluster) => (
      <>
        <Link
          href={`/clusters/${cluster.id}`}
          className="block truncate font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-zinc-100"
        >
          {cluster.name}
        </Link>
        {cluster.description && (
          <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">{cluster.description}</p>
        )}
      </>
    ),
  },
  {
    key: "status",
    header: "Status",
    skeleton: ["h-5 w-16 rounded-md"],
    cell: (cluster) => <StatusBadge kind="cluster" status={cluster.status} />,
  },
  {
    key: "type",
    header: "Type",
    className: WIDE,
    cellClassName: "text-zinc-600 dark:text-zinc-400",
    cell: (cluster) => CLUSTER_TYPE_LABELS[cluster.type],
  },
  {
    key: "blueprint",
    header: "Blueprint",
    className: WIDE,
    skeleton: ["h-4 w-32"],
    cell: (cluster) => (
      <Link
        href={`/blueprints/${cluster.blueprintId}?version=${encodeURIComponent(cluster.blueprintVersion)}`}
        className="font-mono text-xs text-zinc-600 hover:text-zinc-900 hover:underline dark:text-zinc-400 dark:hover:text-zinc-100"
      >
        {cluster.blueprintId}
        <span className="text-zinc-400 dark:text-zinc-500">@{cluster.blueprintVersion}</span>
      </Link>
    ),
  },
  {
    key: "workers",
    header: "Workers",
    skeleton: ["h-4 w-28"],
    cell: (cluster) => (
      <WorkerCount
        current={cluster.currentWorkers}
        target={cluster.targetWorkers}
        min={cluster.minWorkers}
        max={cluster.maxWorkers}
      />
    ),
  },
  {
    key: "created",
    header: "Created",
    className: WIDE,
    cellClassName: "whitespace-nowrap text-zinc-500 dark:text-zinc-400",
    cell: (cluster) => <RelativeTime at={cluster.createdAt} />,
  },
];

/** Clusters, one row each; a row opens its cluster. Undefined clusters: the table's shape while they load. */
export function ClusterTable({ clusters, empty }: { clusters: Cluster[] | undefined; empty?: ReactNode }) {
  return (
    <DataTable
      label="Clusters"
      columns={COLUMNS}
      rows={clusters}
      rowKey={(cluster) => cluster.id}
      rowHref={(cluster) => `/clusters/${cluster.id}`}
      rowProps={() => ({ "data-testid": "cluster-row" })}
      empty={empty}
    />
  );
}

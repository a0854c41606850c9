"use client";
import clsx from "clsx";
import Link from "next/link";
import { type ReactNode, useMemo, useState } from "react";
import type { Cluster, ClusterFigures } from "../../lib/api-types";
import { formatCount, formatPercent } from "../../lib/format";
import { type Column, DataTable } from "../ui/data-table";
import { RelativeTime } from "../ui/relative-time";
import { StatusBadge } from "../ui/status-badge";
import { type ClusterRow, type ClusterSort, type ClusterSortKey, clusterRows, sortClusterRows } from "./cluster-rows";
import { CLUSTER_TYPE_LABELS } from "./cluster-types";
import { WorkerCount } from "./worker-count";

const WIDE = "hidden md:table-cell";

const NUMBER = "px-3 text-right tabular-nums";

const COLUMNS: Column<ClusterRow, ClusterSortKey | "type" | "blueprint">[] = [
  {
    key: "name",
    header: "Name",
    sortable: true,
    cellClassName: "max-w-72",
    skeleton: ["h-4 w-40"],
    cell: ({ cluster }) => (
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
    sortable: true,
    skeleton: ["h-5 w-16 rounded-md"],
    cell: ({ cluster }) => <StatusBadge kind="cluster" status={cluster.status} />,
  },
  {
    key: "type",
    header: "Type",
    className: WIDE,
    cellClassName: "text-zinc-600 dark:text-zinc-400",
    cell: ({ cluster }) => CLUSTER_TYPE_LABELS[cluster.type],
  },
  {
    key: "blueprint",
    header: "Blueprint",
    className: WIDE,
    skeleton: ["h-4 w-32"],
    cell: ({ cluster }) => (
      <Link
        href={`/blueprints/${cluster.blueprintId}?version=${encodeURIComponent(cluster.blueprintVersion)}`}
        className="font-mono text-xs text-zinc-600 hover:text-zinc-900 hover:underline dark:text-zinc-400 dark:hover:text-zinc-100"
      >
        {cluster.blueprintId}
        <span className="text-zinc-500 dark:text-zinc-400">@{cluster.blueprintVersion}</span>
      </Link>
    ),
  },
  {
    key: "workers",
    header: "Workers",
    sortable: true,
    skeleton: ["h-4 w-28"],
    cell: ({ cluster }) => (
      <WorkerCount
        current={cluster.currentWorkers}
        target={cluster.targetWorkers}
        min={cluster.minWorkers}
        max={cluster.maxWorkers}
      />
    ),
  },
  {
    key: "open",
    header: "Open tasks",
    sortable: true,
    align: "right",
    className: NUMBER,
    cellProps: () => ({ "data-testid": "cluster-open-tasks" }),
    cell: ({ figures }) => (figures ? formatCount(figures.tasks.open) : "–"),
  },
  {
    key: "throughput",
    header: "Tasks/min",
    sortable: true,
    align: "right",
    className: clsx(WIDE, NUMBER),
    cell: ({ figures }) => (figures ? formatCount(figures.tasks.perMinute) : "–"),
  },
  {
    key: "errors",
    header: "Errors",
    sortable: true,
    align: "right",
    className: NUMBER,
    cellClassName: ({ figures }) =>
      (figures?.tasks.errorRate ?? 0) >= 0.05 ? "font-medium text-red-700 dark:text-red-400" : undefined,
    cellProps: () => ({ "data-testid": "cluster-errors", title: "failed / finished, last 5 minutes" }),
    cell: ({ figures }) => (figures ? formatPercent(figures.tasks.errorRate, 0) : "–"),
  },
  {
    key: "created",
    header: "Created",
    sortable: true,
    className: WIDE,
    cellClassName: "whitespace-nowrap text-zinc-500 dark:text-zinc-400",
    cell: ({ cluster }) => <RelativeTime at={cluster.createdAt} />,
  },
];

const FIRST_DIRECTION: Partial<Record<ClusterSortKey, "asc" | "desc">> = { name: "asc", status: "asc" };

/**
 * Clusters, one row each with their open tasks, throughput and error rate; a row opens its
 * cluster, a header sorts the page by its column. Undefined clusters: the table's shape while they load.
 */
export function ClusterTable({
  clusters,
  figures,
  empty,
}: {
  clusters: Cluster[] | undefined;
  figures: ClusterFigures[] | undefined;
  empty?: ReactNode;
}) {
  const [sort, setSort] = useState<ClusterSort>({ key: "created", direction: "desc" });
  const rows = useMemo(
    () => (clusters ? sortClusterRows(clusterRows(clusters, figures), sort) : undefined),
    [clusters, figures, sort],
  );
  return (
    <DataTable
      label="Clusters"
      columns={COLUMNS}
      rows={rows}
      rowKey={({ cluster }) => cluster.id}
      rowHref={({ cluster }) => `/clusters/${cluster.id}`}
      rowProps={({ cluster }) => ({ "data-testid": "cluster-row", "data-cluster-id": cluster.id })}
      sort={sort}
      onSort={(key) => {
        if (key === "type" || key === "blueprint") return;
        setSort((current) =>
          current.key === key
            ? { key, direction: current.direction === "asc" ? "desc" : "asc" }
            : { key, direction: FIRST_DIRECTION[key] ?? "desc" },
        );
      }}
      empty={empty}
    />
  );
}

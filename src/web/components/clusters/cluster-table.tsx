"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { Cluster } from "../../lib/api-types";
import { formatDateTime, formatRelative } from "../../lib/format";
import { StatusBadge } from "../ui/status-badge";
import { type SkeletonCell, Table, TableSkeleton, TD, TH, THead, TR } from "../ui/table";
import { CLUSTER_TYPE_LABELS } from "./cluster-types";
import { WorkerCount } from "./worker-count";

const HEADERS = ["Name", "Status", "Type", "Blueprint", "Workers", "Created"];
const HIDE_ON_SMALL = new Set(["Type", "Blueprint", "Created"]);

function Head() {
  return (
    <THead>
      <tr>
        {HEADERS.map((header) => (
          <TH key={header} className={HIDE_ON_SMALL.has(header) ? "hidden md:table-cell" : undefined}>
            {header}
          </TH>
        ))}
      </tr>
    </THead>
  );
}

export function ClusterTable({ clusters }: { clusters: Cluster[] }) {
  const router = useRouter();
  return (
    <Table aria-label="Clusters">
      <Head />
      <tbody>
        {clusters.map((cluster) => (
          <TR
            key={cluster.id}
            data-testid="cluster-row"
            onClick={(event) => {
              // The row is a large click target; links inside it keep their own behaviour.
              if (!(event.target as HTMLElement).closest("a")) router.push(`/clusters/${cluster.id}`);
            }}
            className="cursor-pointer transition-colors hover:bg-zinc-50 dark:hover:bg-zinc-800/40"
          >
            <TD className="max-w-72">
              <Link
                href={`/clusters/${cluster.id}`}
                className="block truncate font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-zinc-100"
              >
                {cluster.name}
              </Link>
              {cluster.description && (
                <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">{cluster.description}</p>
              )}
            </TD>
            <TD>
              <StatusBadge kind="cluster" status={cluster.status} />
            </TD>
            <TD className="hidden text-zinc-600 md:table-cell dark:text-zinc-400">
              {CLUSTER_TYPE_LABELS[cluster.type]}
            </TD>
            <TD className="hidden md:table-cell">
              <Link
                href={`/blueprints/${cluster.blueprintId}?version=${encodeURIComponent(cluster.blueprintVersion)}`}
                className="font-mono text-xs text-zinc-600 hover:text-zinc-900 hover:underline dark:text-zinc-400 dark:hover:text-zinc-100"
              >
                {cluster.blueprintId}
                <span className="text-zinc-400 dark:text-zinc-500">@{cluster.blueprintVersion}</span>
              </Link>
            </TD>
            <TD>
              <WorkerCount
                current={cluster.currentWorkers}
                target={cluster.targetWorkers}
                min={cluster.minWorkers}
                max={cluster.maxWorkers}
              />
            </TD>
            <TD className="hidden whitespace-nowrap text-zinc-500 md:table-cell dark:text-zinc-400">
              <time dateTime={cluster.createdAt} title={formatDateTime(cluster.createdAt)}>
                {formatRelative(cluster.createdAt)}
              </time>
            </TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

/** The table's shape while the first page loads: same header, same row height. */
const SKELETON_CELLS: SkeletonCell[] = [
  { bars: ["h-4 w-40"] },
  { bars: ["h-5 w-16 rounded-md"] },
  { cell: "hidden md:table-cell", bars: ["h-4 w-20"] },
  { cell: "hidden md:table-cell", bars: ["h-4 w-32"] },
  { bars: ["h-4 w-28"] },
  { cell: "hidden md:table-cell", bars: ["h-4 w-20"] },
];

export function ClusterTableSkeleton({ rows = 5 }: { rows?: number }) {
  return <TableSkeleton label="Loading clusters" head={<Head />} cells={SKELETON_CELLS} rows={rows} />;
}

"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { BlueprintSummary } from "../../lib/api-types";
import { formatDateTime, formatRange, formatRelative } from "../../lib/format";
import { type SkeletonCell, Table, TableSkeleton, TD, TH, THead, TR } from "../ui/table";
import { OriginBadge } from "./origin-badge";

function Head() {
  return (
    <THead>
      <tr>
        <TH>Blueprint</TH>
        <TH>Version</TH>
        <TH className="hidden md:table-cell">Type</TH>
        <TH className="hidden sm:table-cell">Roles</TH>
        <TH className="hidden sm:table-cell">Workers</TH>
        <TH className="hidden lg:table-cell">Origin</TH>
        <TH className="hidden lg:table-cell">Added</TH>
      </tr>
    </THead>
  );
}

export function BlueprintTable({ blueprints }: { blueprints: BlueprintSummary[] }) {
  const router = useRouter();
  return (
    <Table aria-label="Blueprints">
      <Head />
      <tbody>
        {blueprints.map((blueprint) => (
          <TR
            key={blueprint.id}
            data-testid="blueprint-row"
            onClick={(event) => {
              if (!(event.target as HTMLElement).closest("a")) router.push(`/blueprints/${blueprint.id}`);
            }}
            className="cursor-pointer transition-colors hover:bg-zinc-50 dark:hover:bg-zinc-800/40"
          >
            <TD className="max-w-96 py-2">
              <Link
                href={`/blueprints/${blueprint.id}`}
                className="font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-zinc-100"
              >
                {blueprint.name}
              </Link>
              <p className="truncate font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{blueprint.id}</p>
            </TD>
            <TD className="whitespace-nowrap">
              <span className="font-mono text-xs text-zinc-800 dark:text-zinc-200">{blueprint.version}</span>
              {blueprint.versions.length > 1 && (
                <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">
                  {blueprint.versions.length} versions
                </span>
              )}
            </TD>
            <TD className="hidden capitalize text-zinc-600 md:table-cell dark:text-zinc-400">
              {blueprint.clusterType}
            </TD>
            <TD className="hidden tabular-nums text-zinc-600 sm:table-cell dark:text-zinc-400">{blueprint.roles}</TD>
            <TD className="hidden tabular-nums text-zinc-600 sm:table-cell dark:text-zinc-400">
              {formatRange(blueprint.minWorkers, blueprint.maxWorkers)}
            </TD>
            <TD className="hidden lg:table-cell">
              <OriginBadge origin={blueprint.origin} />
            </TD>
            <TD className="hidden whitespace-nowrap text-zinc-500 lg:table-cell dark:text-zinc-400">
              <time dateTime={blueprint.createdAt} title={formatDateTime(blueprint.createdAt)}>
                {formatRelative(blueprint.createdAt)}
              </time>
            </TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

const SKELETON_CELLS: SkeletonCell[] = [
  { cell: "py-2", bars: ["h-4 w-44", "mt-1.5 h-3 w-28"] },
  { bars: ["h-4 w-12"] },
  { cell: "hidden md:table-cell", bars: ["h-4 w-20"] },
  { cell: "hidden sm:table-cell", bars: ["h-4 w-6"] },
  { cell: "hidden sm:table-cell", bars: ["h-4 w-10"] },
  { cell: "hidden lg:table-cell", bars: ["h-5 w-12 rounded-md"] },
  { cell: "hidden lg:table-cell", bars: ["h-4 w-20"] },
];

export function BlueprintTableSkeleton({ rows = 4 }: { rows?: number }) {
  return <TableSkeleton label="Loading blueprints" head={<Head />} cells={SKELETON_CELLS} rows={rows} />;
}

"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import type { BlueprintSummary } from "../../lib/api-types";
import { formatRange } from "../../lib/format";
import { Badge } from "../ui/badge";
import { type Column, DataTable } from "../ui/data-table";
import { RelativeTime } from "../ui/relative-time";
import { OriginBadge } from "./origin-badge";

const FIGURE = "tabular-nums text-zinc-600 dark:text-zinc-400";

const COLUMNS: Column<BlueprintSummary>[] = [
  {
    key: "blueprint",
    header: "Blueprint",
    cellClassName: "max-w-96 py-2",
    skeleton: ["h-4 w-44", "mt-1.5 h-3 w-28"],
    cell: (blueprint) => (
      <>
        <Link
          href={`/blueprints/${blueprint.id}`}
          className="font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-zinc-100"
        >
          {blueprint.name}
        </Link>
        <p className="truncate font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{blueprint.id}</p>
      </>
    ),
  },
  {
    key: "version",
    header: "Version",
    cellClassName: "whitespace-nowrap",
    skeleton: ["h-4 w-12"],
    cell: (blueprint) => (
      <>
        <span className="font-mono text-xs text-zinc-800 dark:text-zinc-200">{blueprint.version}</span>
        {blueprint.archivedAt && (
          <Badge tone="neutral" className="ml-2">
            archived
          </Badge>
        )}
        {blueprint.versions.length > 1 && (
          <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">{blueprint.versions.length} versions</span>
        )}
      </>
    ),
  },
  {
    key: "type",
    header: "Type",
    className: "hidden md:table-cell",
    cellClassName: "capitalize text-zinc-600 dark:text-zinc-400",
    cell: (blueprint) => blueprint.clusterType,
  },
  {
    key: "roles",
    header: "Roles",
    className: "hidden sm:table-cell",
    cellClassName: FIGURE,
    skeleton: ["h-4 w-6"],
    cell: (blueprint) => blueprint.roles,
  },
  {
    key: "workers",
    header: "Workers",
    className: "hidden sm:table-cell",
    cellClassName: FIGURE,
    skeleton: ["h-4 w-10"],
    cell: (blueprint) => formatRange(blueprint.minWorkers, blueprint.maxWorkers),
  },
  {
    key: "origin",
    header: "Origin",
    className: "hidden lg:table-cell",
    skeleton: ["h-5 w-12 rounded-md"],
    cell: (blueprint) => <OriginBadge origin={blueprint.origin} />,
  },
  {
    key: "added",
    header: "Added",
    className: "hidden lg:table-cell",
    cellClassName: "whitespace-nowrap text-zinc-500 dark:text-zinc-400",
    cell: (blueprint) => <RelativeTime at={blueprint.createdAt} />,
  },
];

/** Stored blueprints, newest version each; a row opens the blueprint. Undefined: the table's shape while they load. */
export function BlueprintTable({
  blueprints,
  empty,
}: {
  blueprints: BlueprintSummary[] | undefined;
  empty?: ReactNode;
}) {
  return (
    <DataTable
      label="Blueprints"
      columns={COLUMNS}
      rows={blueprints}
      rowKey={(blueprint) => blueprint.id}
      rowHref={(blueprint) => `/blueprints/${blueprint.id}`}
      rowProps={() => ({ "data-testid": "blueprint-row" })}
      empty={empty}
      skeletonRows={4}
    />
  );
}

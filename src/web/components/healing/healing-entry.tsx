import clsx from "clsx";
import Link from "next/link";
import type { HealingEntry } from "../../lib/api-types";
import { formatDuration } from "../../lib/format";
import { RelativeTime } from "../ui/relative-time";
import { StatusBadge } from "../ui/status-badge";
import { shownOutcome } from "../ui/statuses";
import { kindIcon, kindLabel, SEVERITY_RING } from "./healing-kinds";

interface HealingEntryItemProps {
  entry: HealingEntry;
  /** Names of clusters by id, to say where it happened. */
  clusterName?: string;
  compact?: boolean;
}

/** One detection and what was done about it: a line of the healing timeline. */
export function HealingEntryItem({ entry, clusterName, compact }: HealingEntryItemProps) {
  const Icon = kindIcon(entry.kind);
  return (
    <li
      className="group relative flex gap-3 pb-4 last:pb-0"
      data-testid="healing-entry"
      data-kind={entry.kind}
      data-outcome={entry.outcome}
    >
      {/* the timeline's line from this entry's icon down to the next */}
      <span
        className="absolute top-8 bottom-0 left-[15px] w-px bg-zinc-200 group-last:hidden dark:bg-zinc-800"
        aria-hidden
      />
      <span
        className={clsx(
          "relative flex size-8 shrink-0 items-center justify-center rounded-full ring-1",
          SEVERITY_RING[entry.severity] ?? SEVERITY_RING.warning,
        )}
      >
        <Icon className="size-4" aria-hidden />
      </span>
      <div className="min-w-0 flex-1 pt-0.5">
        <div className={clsx("flex items-center gap-x-2 gap-y-1", compact ? "flex-nowrap" : "flex-wrap")}>
          <span className="shrink-0 text-sm font-medium text-zinc-900 dark:text-zinc-100">{kindLabel(entry.kind)}</span>
          <span className="min-w-0 truncate font-mono text-xs text-zinc-500 dark:text-zinc-400">{entry.subject}</span>
          <StatusBadge kind="healing" status={shownOutcome(entry)} />
          <RelativeTime
            at={entry.at}
            className="ml-auto shrink-0 text-xs whitespace-nowrap text-zinc-500 tabular-nums dark:text-zinc-400"
          />
        </div>
        <p className={clsx("mt-0.5 text-sm text-zinc-600 dark:text-zinc-300", compact && "truncate")}>{entry.detail}</p>
        {(!compact || entry.action) && (
          <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-zinc-500 dark:text-zinc-400">
            {entry.action && <span className={clsx(compact && "truncate")}>→ {entry.action}</span>}
            {!compact && <span>by {entry.actor === "auto" ? "Myzel (auto)" : entry.actor}</span>}
            {!compact && entry.durationMs !== null && (
              <span className="tabular-nums">took {formatDuration(entry.durationMs)}</span>
            )}
            {!compact && entry.clusterId && (
              <Link
                href={`/clusters/${entry.clusterId}`}
                className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100"
              >
                {clusterName ?? "its cluster"}
              </Link>
            )}
          </p>
        )}
      </div>
    </li>
  );
}

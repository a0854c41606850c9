"use client";
import clsx from "clsx";
import type { TaskStatus } from "../../lib/api-types";
import { dotClass } from "../ui/badge";
import { TASK_STATUS_STYLE, TASK_STATUSES } from "../ui/statuses";

interface StatusCountsProps {
  counts: Record<TaskStatus, number> | undefined;
  selected: TaskStatus | null;
  onSelect: (status: TaskStatus | null) => void;
}

/** How many tasks are in each status; a press filters the list by it, a second press clears it. */
export function StatusCounts({ counts, selected, onSelect }: StatusCountsProps) {
  if (!counts) return null;
  return (
    <fieldset className="mb-3 flex flex-wrap gap-1.5" data-testid="status-counts">
      <legend className="sr-only">Tasks by status</legend>
      {TASK_STATUSES.filter((status) => counts[status] > 0 || status === selected).map((status) => {
        const style = TASK_STATUS_STYLE[status];
        return (
          <button
            key={status}
            type="button"
            aria-pressed={selected === status}
            data-status={status}
            onClick={() => onSelect(selected === status ? null : status)}
            className={clsx(
              "inline-flex h-7 items-center gap-1.5 rounded-md border px-2 text-xs font-medium focus-visible:outline-2 focus-visible:outline-emerald-500",
              selected === status
                ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
                : "border-zinc-200 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800",
            )}
          >
            <span className={clsx("size-1.5 rounded-full", dotClass(style.tone))} aria-hidden />
            {style.label}
            <span className="tabular-nums">{counts[status].toLocaleString("en")}</span>
          </button>
        );
      })}
    </fieldset>
  );
}

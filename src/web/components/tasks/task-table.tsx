"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import type { Task } from "../../lib/api-types";
import { formatDuration } from "../../lib/format";
import { type Column, DataTable } from "../ui/data-table";
import { RelativeTime } from "../ui/relative-time";
import { StatusBadge } from "../ui/status-badge";
import { PriorityBadge } from "./priority-badge";
import { promptOf, shortId, targetText } from "./task-text";

interface TaskTableProps {
  /** Undefined while loading. */
  tasks: Task[] | undefined;
  clusterName: (id: string) => string | undefined;
  agentName?: (id: string) => string | undefined;
  empty?: ReactNode;
}

const FIGURE = "tabular-nums text-zinc-600 dark:text-zinc-400";

function columns({ clusterName, agentName }: Pick<TaskTableProps, "clusterName" | "agentName">): Column<Task>[] {
  return [
    {
      key: "task",
      header: "Task",
      cellClassName: "max-w-80",
      skeleton: ["h-4 w-56"],
      cell: (task) => (
        <>
          <Link
            href={`/tasks/${task.id}`}
            className="block truncate font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-zinc-100"
          >
            {promptOf(task) || <span className="text-zinc-500 italic dark:text-zinc-400">no payload</span>}
          </Link>
          <span className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
            {shortId(task.id)} · {task.type}
            {task.depth > 0 && ` · subtask, depth ${task.depth}`}
          </span>
        </>
      ),
    },
    {
      key: "status",
      header: "Status",
      skeleton: ["h-5 w-20 rounded-md"],
      cell: (task) => <StatusBadge kind="task" status={task.status} />,
    },
    {
      key: "priority",
      header: "Priority",
      className: "hidden md:table-cell",
      skeleton: ["h-5 w-8 rounded-md"],
      cell: (task) => <PriorityBadge priority={task.priority} />,
    },
    {
      key: "error",
      header: "Error",
      className: "hidden xl:table-cell",
      cellClassName: "max-w-72 truncate text-xs text-red-700 dark:text-red-400",
      cellProps: (task) => ({ title: task.error ?? undefined, "data-testid": "task-error" }),
      skeleton: ["h-4 w-32"],
      cell: (task) => task.error ?? "",
    },
    {
      key: "cluster",
      header: "Cluster",
      className: "hidden md:table-cell",
      cellClassName: "max-w-48 truncate text-zinc-600 dark:text-zinc-400",
      skeleton: ["h-4 w-28"],
      cell: (task) => (
        <Link
          href={`/clusters/${task.clusterId}`}
          className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100"
        >
          {clusterName(task.clusterId) ?? shortId(task.clusterId)}
        </Link>
      ),
    },
    {
      key: "target",
      header: "Target",
      className: "hidden lg:table-cell",
      cellClassName: "whitespace-nowrap text-zinc-600 dark:text-zinc-400",
      skeleton: ["h-4 w-24"],
      cell: (task) => targetText(task, agentName),
    },
    {
      key: "attempts",
      header: "Attempts",
      align: "right",
      className: "hidden sm:table-cell",
      cellClassName: FIGURE,
      skeleton: ["ml-auto h-4 w-8"],
      cell: (task) => `${task.attempts}/${task.maxAttempts}`,
    },
    {
      key: "took",
      header: "Took",
      align: "right",
      className: "hidden sm:table-cell",
      cellClassName: `whitespace-nowrap ${FIGURE}`,
      skeleton: ["ml-auto h-4 w-12"],
      cell: (task) => (task.durationMs !== null ? formatDuration(task.durationMs) : "–"),
    },
    {
      key: "submitted",
      header: "Submitted",
      align: "right",
      cellClassName: "whitespace-nowrap text-zinc-500 dark:text-zinc-400",
      skeleton: ["ml-auto h-4 w-20"],
      cell: (task) => <RelativeTime at={task.createdAt} />,
    },
  ];
}

/** Tasks, newest first: what was asked, where it went, how it ended. Rows open the task. */
export function TaskTable({ tasks, clusterName, agentName, empty }: TaskTableProps) {
  return (
    <DataTable
      label="Tasks"
      columns={columns({ clusterName, agentName })}
      rows={tasks}
      rowKey={(task) => task.id}
      rowHref={(task) => `/tasks/${task.id}`}
      rowProps={(task) => ({ "data-testid": "task-row", "data-task-id": task.id })}
      empty={empty}
      skeletonRows={8}
    />
  );
}

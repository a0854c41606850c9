"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { Task } from "../../lib/api-types";
import { formatDateTime, formatDuration, formatRelative } from "../../lib/format";
import { StatusBadge } from "../ui/status-badge";
import { type SkeletonCell, Table, TableSkeleton, TD, TH, THead, TR } from "../ui/table";
import { promptOf, shortId, targetText } from "./task-text";

interface TaskTableProps {
  tasks: Task[];
  clusterName: (id: string) => string | undefined;
  agentName?: (id: string) => string | undefined;
}

function Head() {
  return (
    <THead>
      <tr>
        <TH>Task</TH>
        <TH>Status</TH>
        <TH className="hidden md:table-cell">Cluster</TH>
        <TH className="hidden lg:table-cell">Target</TH>
        <TH className="hidden sm:table-cell text-right">Attempts</TH>
        <TH className="hidden sm:table-cell text-right">Took</TH>
        <TH className="text-right">Submitted</TH>
      </tr>
    </THead>
  );
}

/** Tasks, newest first: what was asked, where it went, how it ended. Rows open the task. */
export function TaskTable({ tasks, clusterName, agentName }: TaskTableProps) {
  const router = useRouter();
  return (
    <Table aria-label="Tasks">
      <Head />
      <tbody>
        {tasks.map((task) => (
          <TR
            key={task.id}
            data-testid="task-row"
            data-task-id={task.id}
            onClick={(event) => {
              if (!(event.target as HTMLElement).closest("a")) router.push(`/tasks/${task.id}`);
            }}
            className="cursor-pointer transition-colors hover:bg-zinc-50 dark:hover:bg-zinc-800/40"
          >
            <TD className="max-w-80">
              <Link
                href={`/tasks/${task.id}`}
                className="block truncate font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-zinc-100"
              >
                {promptOf(task) || <span className="text-zinc-400 italic">no payload</span>}
              </Link>
              <span className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
                {shortId(task.id)} · {task.type}
                {task.depth > 0 && ` · subtask, depth ${task.depth}`}
              </span>
            </TD>
            <TD>
              <StatusBadge kind="task" status={task.status} />
            </TD>
            <TD className="hidden max-w-48 truncate text-zinc-600 md:table-cell dark:text-zinc-400">
              <Link
                href={`/clusters/${task.clusterId}`}
                className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100"
              >
                {clusterName(task.clusterId) ?? shortId(task.clusterId)}
              </Link>
            </TD>
            <TD className="hidden whitespace-nowrap text-zinc-600 lg:table-cell dark:text-zinc-400">
              {targetText(task, agentName)}
            </TD>
            <TD className="hidden text-right tabular-nums text-zinc-600 sm:table-cell dark:text-zinc-400">
              {task.attempts}/{task.maxAttempts}
            </TD>
            <TD className="hidden text-right tabular-nums whitespace-nowrap text-zinc-600 sm:table-cell dark:text-zinc-400">
              {task.durationMs !== null ? formatDuration(task.durationMs) : "–"}
            </TD>
            <TD className="text-right whitespace-nowrap text-zinc-500 dark:text-zinc-400">
              <time dateTime={task.createdAt} title={formatDateTime(task.createdAt)}>
                {formatRelative(task.createdAt)}
              </time>
            </TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

const SKELETON_CELLS: SkeletonCell[] = [
  { bars: ["h-4 w-56"] },
  { bars: ["h-5 w-20 rounded-md"] },
  { cell: "hidden md:table-cell", bars: ["h-4 w-28"] },
  { cell: "hidden lg:table-cell", bars: ["h-4 w-24"] },
  { cell: "hidden sm:table-cell", bars: ["ml-auto h-4 w-8"] },
  { cell: "hidden sm:table-cell", bars: ["ml-auto h-4 w-12"] },
  { bars: ["ml-auto h-4 w-20"] },
];

export function TaskTableSkeleton({ rows = 8 }: { rows?: number }) {
  return <TableSkeleton label="Loading tasks" head={<Head />} cells={SKELETON_CELLS} rows={rows} />;
}

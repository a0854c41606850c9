import Link from "next/link";
import { LIST_GROUP, LIST_ITEM } from "../hierarchy/tree-lines";
import { StatusBadge } from "../ui/status-badge";
import { shortId } from "./task-text";
import type { SubtaskNode } from "./task-timeline-model";

/** Delegation below a task: who got which part, and how it went, as a tree. */
export function SubtaskTree({ nodes, agentName }: { nodes: SubtaskNode[]; agentName: (id: string | null) => string }) {
  return (
    <ul className={LIST_GROUP} data-testid="subtask-tree">
      {nodes.map(({ task, children }) => (
        <li key={task.id} className={LIST_ITEM}>
          <div
            className="flex h-8 items-center gap-2 rounded-md border border-zinc-200 bg-white px-2.5 text-sm dark:border-zinc-800 dark:bg-zinc-900"
            data-testid="subtask"
            data-status={task.status}
          >
            <Link
              href={`/tasks/${task.id}`}
              className="min-w-0 flex-1 truncate font-medium text-zinc-800 hover:underline dark:text-zinc-200"
            >
              {agentName(task.agentId ?? task.target.value)}
            </Link>
            <span className="hidden font-mono text-[11px] text-zinc-500 dark:text-zinc-400 sm:inline">
              {shortId(task.id)}
            </span>
            <StatusBadge kind="task" status={task.status} />
          </div>
          {children.length > 0 && <SubtaskTree nodes={children} agentName={agentName} />}
        </li>
      ))}
    </ul>
  );
}

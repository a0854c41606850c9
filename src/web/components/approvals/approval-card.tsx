"use client";
import Link from "next/link";
import type { Approval } from "../../lib/api-types";
import { formatDuration } from "../../lib/format";
import { shortId } from "../tasks/task-text";
import { CodeBlock } from "../ui/code-block";
import { RelativeTime } from "../ui/relative-time";
import { ApprovalDecision } from "./approval-decision";

/** One waiting task: where it would go, what it asks, who delegated it, how long it has waited. */
export function ApprovalCard({ approval, now, canDecide }: { approval: Approval; now: number; canDecide: boolean }) {
  const { task, approval: state, path } = approval;
  const waited = Math.max(0, now - Date.parse(state.requestedAt));
  return (
    <article
      aria-label={`Task ${shortId(task.id)} for ${state.role}`}
      className="flex flex-col gap-3 border-b border-zinc-200 p-4 last:border-b-0 dark:border-zinc-800"
    >
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
          <Link href={`/tasks/${task.id}`} className="hover:underline">
            Task {shortId(task.id)}
          </Link>{" "}
          <span className="font-normal text-zinc-600 dark:text-zinc-400">
            for role <strong className="font-medium">{state.role}</strong> in{" "}
            <Link href={`/clusters/${task.clusterId}`} className="hover:underline">
              {approval.clusterName}
            </Link>
          </span>
        </h2>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          waiting {formatDuration(waited)} · {state.onTimeout === "reject" ? "rejected" : "escalated"}{" "}
          <RelativeTime at={state.dueAt} now={now} /> · {state.approverRole.toLowerCase()}s may decide
          {state.escalatedAt && <strong className="ml-1 text-amber-700 dark:text-amber-300">· overdue</strong>}
        </p>
      </header>
      {path.length > 0 && (
        <nav aria-label="Delegated by">
          <ol className="flex flex-wrap items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
            {path.map((step) => (
              <li key={step.taskId} className="after:ml-1 after:content-['→']">
                <Link href={`/tasks/${step.taskId}`} className="hover:underline">
                  {step.role ?? "task"} {step.agentKey ? `(${step.agentKey})` : ""} · {shortId(step.taskId)}
                </Link>
              </li>
            ))}
            <li className="font-medium text-zinc-800 dark:text-zinc-200">this task</li>
          </ol>
        </nav>
      )}
      <CodeBlock title={`${task.type} payload`} code={JSON.stringify(task.payload, null, 2)} />
      {canDecide && <ApprovalDecision taskId={task.id} />}
    </article>
  );
}

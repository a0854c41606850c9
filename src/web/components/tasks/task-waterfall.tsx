"use client";
import clsx from "clsx";
import Link from "next/link";
import { useMemo } from "react";
import { useNow } from "../../hooks/use-now";
import type { TaskTrace, TraceAttempt } from "../../lib/api-types";
import { formatDuration } from "../../lib/format";
import { StatusBadge } from "../ui/status-badge";
import { shortId } from "./task-text";
import { axisTicks, waterfall } from "./waterfall-model";

const OUTCOME_BAR: Record<TraceAttempt["outcome"], string> = {
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  lost: "bg-amber-500",
  cancelled: "bg-zinc-400",
  running: "bg-sky-500 animate-pulse",
  waiting: "bg-zinc-300",
};

const clock = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  fractionalSecondDigits: 3,
});
const timeOf = (iso: string | null) => (iso ? clock.format(new Date(iso)) : "…");

/** The task's family on one time axis: each task's wait and every attempt, with its agent, times and error. */
export function TaskWaterfall({ trace, currentId }: { trace: TaskTrace; currentId: string }) {
  const running = trace.tasks.some((task) => task.finishedAt === null);
  const now = useNow(running ? 1000 : 60_000);
  const model = useMemo(() => waterfall(trace, now), [trace, now]);
  const names = useMemo(() => new Map(trace.agents.map((agent) => [agent.id, agent.name])), [trace.agents]);
  const agentName = (id: string | null) => (id ? (names.get(id) ?? `agent ${shortId(id)}`) : "no agent");
  const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

  return (
    <div data-testid="task-waterfall">
      <div
        className="mb-1 grid grid-cols-[minmax(10rem,16rem)_1fr] gap-3 text-[11px] text-zinc-600 dark:text-zinc-400"
        aria-hidden
      >
        <span />
        <div className="relative h-4">
          {axisTicks(model.spanMs).map((offset, index, all) => (
            <span
              key={offset}
              className={clsx(
                "absolute tabular-nums",
                index === all.length - 1 ? "-translate-x-full" : index > 0 && "-translate-x-1/2",
              )}
              style={{ left: percent(offset / model.spanMs) }}
            >
              {formatDuration(offset)}
            </span>
          ))}
        </div>
      </div>
      <ol aria-label="Tasks of this trace, in tree order" className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
        {model.rows.map(({ task, level, wait, attempts }) => (
          <li
            key={task.id}
            data-testid="trace-row"
            data-task-id={task.id}
            data-status={task.status}
            aria-current={task.id === currentId ? "true" : undefined}
            className={clsx(
              "grid grid-cols-[minmax(10rem,16rem)_1fr] gap-3 py-2",
              task.id === currentId && "bg-emerald-50/60 dark:bg-emerald-950/20",
            )}
          >
            <div className="min-w-0" style={{ paddingLeft: `${Math.min(level, 6) * 0.9}rem` }}>
              <div className="flex items-center gap-1.5">
                <Link
                  href={`/tasks/${task.id}`}
                  className="truncate font-mono text-xs text-zinc-800 hover:underline dark:text-zinc-200"
                  title={task.label}
                >
                  {shortId(task.id)}
                </Link>
                <StatusBadge kind="task" status={task.status} />
              </div>
              <p className="truncate text-xs text-zinc-600 dark:text-zinc-400" title={task.label}>
                {task.label || task.type}
              </p>
            </div>
            <div className="min-w-0">
              <div className="relative h-4 rounded-sm bg-zinc-50 dark:bg-zinc-800/40">
                {wait && wait.to > wait.from && (
                  <span
                    className="absolute top-1.5 h-1 rounded-full bg-zinc-300 dark:bg-zinc-600"
                    style={{ left: percent(wait.from), width: percent(wait.to - wait.from) }}
                    title="waiting for an agent"
                  />
                )}
                {attempts.map((attempt) => (
                  <span
                    key={attempt.attempt}
                    data-testid="attempt-bar"
                    data-outcome={attempt.outcome}
                    className={clsx("absolute top-0.5 h-3 min-w-[3px] rounded-sm", OUTCOME_BAR[attempt.outcome])}
                    style={{ left: percent(attempt.from), width: percent(attempt.to - attempt.from) }}
                    title={`attempt ${attempt.attempt} on ${agentName(attempt.agentId)}: ${attempt.outcome}`}
                  />
                ))}
              </div>
              <ul className="mt-1 space-y-0.5">
                {attempts.map((attempt) => (
                  <li
                    key={attempt.attempt}
                    data-testid="trace-attempt"
                    data-outcome={attempt.outcome}
                    className="text-[11px] text-zinc-700 dark:text-zinc-300"
                  >
                    <span className="font-medium">#{attempt.attempt}</span> {agentName(attempt.agentId)} ·{" "}
                    <span className="tabular-nums">
                      {timeOf(attempt.startedAt)} → {timeOf(attempt.finishedAt)}
                    </span>
                    {attempt.startedAt && attempt.finishedAt && (
                      <> ({formatDuration(Date.parse(attempt.finishedAt) - Date.parse(attempt.startedAt))})</>
                    )}{" "}
                    · {attempt.outcome}
                    {attempt.error && <span className="text-red-700 dark:text-red-400">: {attempt.error}</span>}
                  </li>
                ))}
                {attempts.length === 0 && (
                  <li className="text-[11px] text-zinc-600 dark:text-zinc-400">
                    {task.finishedAt ? "never ran" : "waiting for an agent"}
                  </li>
                )}
              </ul>
            </div>
          </li>
        ))}
      </ol>
      {trace.truncated && (
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
          The family is larger than shown: the newest tasks are left out.
        </p>
      )}
    </div>
  );
}

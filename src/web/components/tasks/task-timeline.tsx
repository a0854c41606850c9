import clsx from "clsx";
import Link from "next/link";
import { formatDateTime } from "../../lib/format";
import type { TimelineStep } from "./task-timeline-model";

const DOT: Record<TimelineStep["tone"], string> = {
  neutral: "bg-zinc-400",
  sky: "bg-sky-500",
  green: "bg-emerald-500",
  red: "bg-red-500",
  amber: "bg-amber-500",
  violet: "bg-violet-500",
};

const time = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  fractionalSecondDigits: 3,
});

/** The steps of a task, top to bottom, each at its time (to the millisecond: tasks are quick). */
export function TaskTimeline({ steps }: { steps: TimelineStep[] }) {
  return (
    <ol aria-label="Timeline" data-testid="task-timeline">
      {steps.map((step, index) => (
        <li
          key={`${step.kind}-${step.taskId ?? index}`}
          className="group relative flex gap-3 pb-4 last:pb-0"
          data-step={step.kind}
        >
          <span
            className="absolute top-4 bottom-0 left-[5px] w-px bg-zinc-200 group-last:hidden dark:bg-zinc-800"
            aria-hidden
          />
          <span
            className={clsx(
              "relative mt-1.5 size-[11px] shrink-0 rounded-full ring-4 ring-white dark:ring-zinc-900",
              DOT[step.tone],
            )}
            aria-hidden
          />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-baseline gap-x-3">
              <span className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
                {step.taskId ? (
                  <Link href={`/tasks/${step.taskId}`} className="hover:underline">
                    {step.title}
                  </Link>
                ) : (
                  step.title
                )}
              </span>
              {step.at && (
                <time
                  dateTime={step.at}
                  title={formatDateTime(step.at)}
                  className="ml-auto font-mono text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400"
                >
                  {time.format(new Date(step.at))}
                </time>
              )}
            </div>
            {step.detail && (
              <p className="mt-0.5 text-xs break-words text-zinc-500 dark:text-zinc-400">{step.detail}</p>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

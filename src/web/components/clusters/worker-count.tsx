import clsx from "clsx";
import { formatRange } from "../../lib/format";

interface WorkerCountProps {
  current: number;
  target: number;
  min: number;
  max: number;
  className?: string;
}

/** "12 / 12" with the allowed range beside it and a thin bar showing where in the range it sits. */
export function WorkerCount({ current, target, min, max, className }: WorkerCountProps) {
  const share = max > 0 ? Math.min(1, current / max) : 0;
  return (
    <div className={clsx("flex items-center gap-3", className)}>
      <div className="hidden h-1.5 w-14 overflow-hidden rounded-full bg-zinc-200 sm:block dark:bg-zinc-800" aria-hidden>
        <div className="h-full rounded-full bg-emerald-500/80" style={{ width: `${share * 100}%` }} />
      </div>
      <span className="tabular-nums">
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{current}</span>
        <span className="text-zinc-500 dark:text-zinc-400"> / {target}</span>
      </span>
      <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400" title="Allowed range">
        {formatRange(min, max)}
      </span>
    </div>
  );
}

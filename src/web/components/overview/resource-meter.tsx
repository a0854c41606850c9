import clsx from "clsx";
import type { HealthLevel } from "@/domain/healing/health-levels";
import { LEVEL_STYLE } from "../ui/level";

interface ResourceMeterProps {
  label: string;
  percent: number;
  level: HealthLevel;
  /** Where the healer steps in, drawn as a mark on the bar. */
  threshold: number;
  thresholdLabel: string;
}

/** A percentage as a bar coloured by its level, with the threshold marked on it. */
export function ResourceMeter({ label, percent, level, threshold, thresholdLabel }: ResourceMeterProps) {
  const style = LEVEL_STYLE[level];
  const id = `meter-${label.toLowerCase()}`;
  return (
    <div data-testid={id} data-level={level}>
      <div className="flex items-baseline justify-between gap-2">
        <span id={id} className="text-xs font-medium text-zinc-600 dark:text-zinc-300">
          {label}
        </span>
        <span className={clsx("text-sm font-semibold tabular-nums", style.text)}>
          {percent.toFixed(0)}
          <span className="text-xs font-normal"> %</span>
        </span>
      </div>
      {/* The native meter speaks to assistive technology; the bar below draws it, with the threshold. */}
      <meter
        className="sr-only"
        aria-labelledby={id}
        min={0}
        max={100}
        value={Math.round(percent)}
        aria-valuetext={`${percent.toFixed(0)} %, ${style.label.toLowerCase()}`}
      />
      <div className="relative mt-1.5 h-2 rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden>
        <div
          className={clsx("h-full rounded-full transition-[width] duration-500", style.bar)}
          style={{ width: `${Math.min(100, Math.max(0, percent))}%` }}
        />
        <div
          className="absolute -top-0.5 h-3 w-px bg-zinc-400 dark:bg-zinc-500"
          style={{ left: `${threshold}%` }}
          title={thresholdLabel}
        />
      </div>
      <p className="mt-1 text-[11px] text-zinc-500 dark:text-zinc-400">{thresholdLabel}</p>
    </div>
  );
}

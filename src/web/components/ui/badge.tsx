import clsx from "clsx";
import type { ReactNode } from "react";

export type Tone = "neutral" | "green" | "blue" | "sky" | "violet" | "amber" | "red" | "indigo" | "rose";

const TONES: Record<Tone, { badge: string; dot: string }> = {
  neutral: {
    badge: "bg-zinc-100 text-zinc-700 ring-zinc-500/15 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-400/15",
    dot: "bg-zinc-400",
  },
  green: {
    badge:
      "bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-400 dark:ring-emerald-400/20",
    dot: "bg-emerald-500",
  },
  blue: {
    badge: "bg-blue-50 text-blue-700 ring-blue-600/20 dark:bg-blue-500/10 dark:text-blue-400 dark:ring-blue-400/25",
    dot: "bg-blue-500",
  },
  sky: {
    badge: "bg-sky-50 text-sky-700 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-400 dark:ring-sky-400/25",
    dot: "bg-sky-500",
  },
  violet: {
    badge:
      "bg-violet-50 text-violet-700 ring-violet-600/20 dark:bg-violet-500/10 dark:text-violet-300 dark:ring-violet-400/25",
    dot: "bg-violet-500",
  },
  amber: {
    badge:
      "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/25",
    dot: "bg-amber-500",
  },
  red: {
    badge: "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/10 dark:text-red-400 dark:ring-red-400/25",
    dot: "bg-red-500",
  },
  indigo: {
    badge:
      "bg-indigo-50 text-indigo-700 ring-indigo-600/20 dark:bg-indigo-500/10 dark:text-indigo-300 dark:ring-indigo-400/25",
    dot: "bg-indigo-400",
  },
  rose: {
    badge: "bg-rose-50 text-rose-700 ring-rose-600/15 dark:bg-rose-500/10 dark:text-rose-300 dark:ring-rose-400/20",
    dot: "bg-rose-400",
  },
};

export function dotClass(tone: Tone) {
  return TONES[tone].dot;
}

interface BadgeProps {
  tone?: Tone;
  /** A leading dot; "pulse" for states that are in progress. */
  dot?: boolean | "pulse";
  mono?: boolean;
  className?: string;
  children: ReactNode;
}

export function Badge({ tone = "neutral", dot, mono, className, children }: BadgeProps) {
  return (
    <span
      className={clsx(
        "inline-flex h-5 items-center gap-1.5 rounded-md px-1.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        mono && "font-mono text-[11px]",
        TONES[tone].badge,
        className,
      )}
    >
      {dot && (
        <span className="relative flex size-1.5" aria-hidden>
          {dot === "pulse" && (
            <span
              className={clsx("absolute inline-flex size-full animate-ping rounded-full opacity-60", TONES[tone].dot)}
            />
          )}
          <span className={clsx("relative inline-flex size-1.5 rounded-full", TONES[tone].dot)} />
        </span>
      )}
      {children}
    </span>
  );
}

import type { ReactNode } from "react";

/** One figure with its label, for the strip under a page header. */
export function Stat({ label, value, detail }: { label: string; value: ReactNode; detail?: ReactNode }) {
  return (
    <div className="min-w-0 px-4 py-3">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 flex flex-wrap items-baseline gap-x-1.5">
        <span className="text-lg font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">{value}</span>
        {detail && <span className="truncate text-xs text-zinc-500 dark:text-zinc-400">{detail}</span>}
      </dd>
    </div>
  );
}

export function StatGrid({ children }: { children: ReactNode }) {
  return (
    <dl className="grid grid-cols-2 divide-zinc-200 rounded-lg border border-zinc-200 bg-white shadow-xs sm:grid-cols-4 sm:divide-x dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900/60">
      {children}
    </dl>
  );
}

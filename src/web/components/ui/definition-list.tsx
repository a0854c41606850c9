import type { ReactNode } from "react";

export type DefinitionRow = [label: string, value: ReactNode];

/** Label–value pairs in two aligned columns (details and settings panels). */
export function DefinitionList({ rows }: { rows: DefinitionRow[] }) {
  return (
    <dl className="grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-2 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
          <dd className="min-w-0 text-zinc-800 dark:text-zinc-200">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

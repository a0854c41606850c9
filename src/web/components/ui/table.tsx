import clsx from "clsx";
import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { Skeleton } from "./skeleton";

/** Table parts with the dashboard's density; wrap in a Panel with bodyClassName="". */
export function Table({ className, ...props }: HTMLAttributes<HTMLTableElement>) {
  return (
    <div className="overflow-x-auto">
      <table className={clsx("w-full border-collapse text-left text-sm", className)} {...props} />
    </div>
  );
}

export function THead({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return (
    <thead
      className={clsx(
        "border-b border-zinc-200 bg-zinc-50/70 text-xs text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400",
        className,
      )}
      {...props}
    />
  );
}

export function TH({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={clsx("h-9 px-4 font-medium whitespace-nowrap first:pl-4", className)} {...props} />;
}

export function TR({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return (
    <tr className={clsx("border-b border-zinc-100 last:border-0 dark:border-zinc-800/70", className)} {...props} />
  );
}

export function TD({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={clsx("h-12 px-4 align-middle", className)} {...props} />;
}

/** One placeholder cell: the cell's classes (e.g. when it hides on small screens) and its bars' sizes. */
export interface SkeletonCell {
  cell?: string;
  bars: string[];
}

/** A loading table with the real one's head and columns, so nothing moves when rows arrive. */
export function TableSkeleton({
  label,
  head,
  cells,
  rows,
}: {
  label: string;
  head: ReactNode;
  cells: SkeletonCell[];
  rows: number;
}) {
  return (
    <Table aria-busy="true" aria-label={label}>
      {head}
      <tbody>
        {Array.from({ length: rows }, (_, index) => (
          <TR key={index}>
            {cells.map((c, i) => (
              <TD key={i} className={c.cell}>
                {c.bars.map((bar, j) => (
                  <Skeleton key={j} className={bar} />
                ))}
              </TD>
            ))}
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

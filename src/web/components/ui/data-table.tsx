"use client";
import clsx from "clsx";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import { useRouter } from "next/navigation";
import type { ReactNode, TdHTMLAttributes } from "react";
import { placeholderKeys, Skeleton } from "./skeleton";
import { Table, TD, TH, THead, TR } from "./table";

/** `data-*` attributes, for tests and for code that watches the page (e.g. a row's status). */
export type DataAttributes = { [name: `data-${string}`]: string | number | undefined };

export interface Column<T, K extends string = string> {
  key: K;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  align?: "left" | "right";
  /** On the header and every cell: widths, padding, and the screens the column hides on. */
  className?: string;
  /** On the body cells only; a function for classes that depend on the row. */
  cellClassName?: string | ((row: T) => string | undefined);
  /** More attributes of a body cell: a title, a test id. */
  cellProps?: (row: T) => TdHTMLAttributes<HTMLTableCellElement> & DataAttributes;
  /** The placeholder bars while rows load, sized like the real content; one short bar when not given. */
  skeleton?: string[];
  /** The header becomes a button that sorts by this column (see DataTable's `sort`). */
  sortable?: boolean;
}

export interface Sort<K extends string = string> {
  key: K;
  direction: "asc" | "desc";
}

interface DataTableProps<T, K extends string> {
  /** The table's accessible name. */
  label: string;
  columns: ReadonlyArray<Column<T, K>>;
  /** Undefined while loading: the table's shape with placeholder rows, so nothing moves when rows arrive. */
  rows: readonly T[] | undefined;
  rowKey: (row: T) => string;
  /** Clicking anywhere on a row opens this; links inside the row keep their own behaviour. */
  rowHref?: (row: T) => string;
  rowProps?: (row: T) => DataAttributes;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  skeletonRows?: number;
  sort?: Sort<K>;
  onSort?: (key: K) => void;
}

const DEFAULT_SKELETON = ["h-4 w-20"];

/** The dashboard's one table: columns as typed objects, with loading, empty, link rows and sorting. */
export function DataTable<T, K extends string = string>({
  label,
  columns,
  rows,
  rowKey,
  rowHref,
  rowProps,
  empty,
  skeletonRows = 5,
  sort,
  onSort,
}: DataTableProps<T, K>) {
  const router = useRouter();
  if (rows && rows.length === 0 && empty) return <>{empty}</>;

  const head = (
    <THead>
      <tr>
        {columns.map((column) => (
          <HeaderCell key={column.key} column={column} sort={sort} onSort={onSort} />
        ))}
      </tr>
    </THead>
  );

  if (!rows) {
    return (
      <Table aria-busy="true" aria-label={`Loading ${label.toLowerCase()}`}>
        {head}
        <tbody>
          {placeholderKeys(skeletonRows).map((key) => (
            <TR key={key}>
              {columns.map((column) => (
                <TD
                  key={column.key}
                  className={clsx(column.className, typeof column.cellClassName === "string" && column.cellClassName)}
                >
                  {(column.skeleton ?? DEFAULT_SKELETON).map((bar) => (
                    <Skeleton key={bar} className={bar} />
                  ))}
                </TD>
              ))}
            </TR>
          ))}
        </tbody>
      </Table>
    );
  }

  return (
    <Table aria-label={label}>
      {head}
      <tbody>
        {rows.map((row) => {
          const href = rowHref?.(row);
          return (
            <TR
              key={rowKey(row)}
              {...rowProps?.(row)}
              onClick={
                href
                  ? (event) => {
                      // The row is a large click target; links and buttons inside it keep their own behaviour.
                      if (!(event.target as HTMLElement).closest("a, button")) router.push(href);
                    }
                  : undefined
              }
              className={clsx(href && "cursor-pointer transition-colors hover:bg-zinc-50 dark:hover:bg-zinc-800/40")}
            >
              {columns.map((column) => (
                <TD
                  key={column.key}
                  {...column.cellProps?.(row)}
                  className={clsx(
                    column.align === "right" && "text-right",
                    column.className,
                    typeof column.cellClassName === "function" ? column.cellClassName(row) : column.cellClassName,
                  )}
                >
                  {column.cell(row)}
                </TD>
              ))}
            </TR>
          );
        })}
      </tbody>
    </Table>
  );
}

function HeaderCell<T, K extends string>({
  column,
  sort,
  onSort,
}: {
  column: Column<T, K>;
  sort?: Sort<K>;
  onSort?: (key: K) => void;
}) {
  const className = clsx(column.align === "right" && "text-right", column.className);
  if (!column.sortable || !onSort) {
    return <TH className={className}>{column.header}</TH>;
  }
  const active = sort?.key === column.key;
  const Icon = active ? (sort.direction === "asc" ? ArrowUp : ArrowDown) : ChevronsUpDown;
  return (
    <TH aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"} className={className}>
      <button
        type="button"
        onClick={() => onSort(column.key)}
        className={clsx(
          "inline-flex items-center gap-1 rounded px-1 py-0.5 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:hover:text-zinc-100",
          active && "text-zinc-900 dark:text-zinc-100",
        )}
      >
        {column.header}
        <Icon className={clsx("size-3", !active && "opacity-40")} aria-hidden />
      </button>
    </TH>
  );
}

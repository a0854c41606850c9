import clsx from "clsx";

/** A placeholder block with the size of what is loading, so nothing moves when it arrives. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={clsx("animate-pulse rounded bg-zinc-200/80 dark:bg-zinc-800", className)} />;
}

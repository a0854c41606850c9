import clsx from "clsx";
import type { ReactNode } from "react";

/** A placeholder block with the size of what is loading, so nothing moves when it arrives. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={clsx("animate-pulse rounded bg-zinc-200/80 dark:bg-zinc-800", className)} />;
}

/** Keys for a fixed number of identical placeholders, which never move or change. */
export function placeholderKeys(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `placeholder-${index}`);
}

/** `count` placeholders of one size, for a list whose items have not arrived. */
export function Placeholders({ count, className }: { count: number; className: string }) {
  return placeholderKeys(count).map((key) => <Skeleton key={key} className={className} />);
}

/** A region whose content is loading: announced as busy, under a name. */
export function Loading({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div role="status" aria-busy="true" aria-label={label} className={className}>
      {children}
    </div>
  );
}

/** A detail page's header while it loads: the way back, title, description and the actions' place. */
export function PageHeaderSkeleton({ description, actions }: { description: string; actions: string }) {
  return (
    <>
      <Skeleton className="mb-3 h-3 w-20" />
      {/* Wraps on a phone, as the real header's actions do, instead of running off the side. */}
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 max-w-full space-y-2">
          <Skeleton className="h-7 w-64" />
          <Skeleton className={clsx("h-4 max-w-full", description)} />
        </div>
        <Skeleton className={clsx("h-8", actions)} />
      </div>
    </>
  );
}

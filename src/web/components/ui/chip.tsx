import clsx from "clsx";

/** A capability or tag: small, quiet, monospace. */
export function Chip({ children, className }: { children: string; className?: string }) {
  return (
    <span
      className={clsx(
        "inline-block h-[18px] rounded border border-zinc-200 bg-zinc-50 px-1 font-mono text-[10.5px] leading-4 whitespace-nowrap text-zinc-600 dark:border-zinc-700/80 dark:bg-zinc-800/60 dark:text-zinc-400",
        className,
      )}
    >
      {children}
    </span>
  );
}

/**
 * As many chips as fit in about `budget` characters on one line, then "+n" for the rest, so
 * cards keep one height however long the capability names are.
 */
export function ChipList({ items, budget = 34 }: { items: string[]; budget?: number }) {
  if (items.length === 0) return null;
  const shown: string[] = [];
  let used = 0;
  for (const item of items) {
    const cost = item.length + 2;
    if (shown.length > 0 && used + cost > budget) break;
    shown.push(item);
    used += cost;
  }
  const rest = items.length - shown.length;
  return (
    <span className="flex min-w-0 gap-1 overflow-hidden" title={items.join(", ")}>
      {shown.map((item) => (
        <Chip key={item} className="min-w-0 shrink truncate">
          {item}
        </Chip>
      ))}
      {rest > 0 && <Chip className="shrink-0">{`+${rest}`}</Chip>}
    </span>
  );
}

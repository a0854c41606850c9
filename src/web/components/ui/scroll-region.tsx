import clsx from "clsx";
import type { ReactNode } from "react";

/**
 * A box that scrolls on its own, reachable by keyboard (WCAG 2.1.1): it takes focus and is named,
 * so arrow keys scroll it and a screen reader says what it holds.
 */
export function ScrollRegion({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
      tabIndex={0}
      className={clsx(
        "overflow-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-emerald-500",
        className,
      )}
    >
      {children}
    </section>
  );
}

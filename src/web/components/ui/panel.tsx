import clsx from "clsx";
import type { ReactNode } from "react";

interface PanelProps {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
  bodyClassName?: string;
  /** For aria-labelledby, and for tests to find the panel. */
  id?: string;
  children: ReactNode;
}

/** A bordered surface with an optional header row; the building block of every page. */
export function Panel({ title, description, actions, className, bodyClassName, id, children }: PanelProps) {
  const titleId = id ? `${id}-title` : undefined;
  return (
    <section
      aria-labelledby={title ? titleId : undefined}
      className={clsx(
        "rounded-lg border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900/60",
        className,
      )}
    >
      {(title || actions) && (
        <header className="flex min-h-11 flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
          <div className="min-w-0">
            {title && (
              <h2 id={titleId} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
                {title}
              </h2>
            )}
            {description && <p className="text-xs text-zinc-500 dark:text-zinc-400">{description}</p>}
          </div>
          {actions && <div className="flex items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className={clsx(bodyClassName ?? "p-4")}>{children}</div>
    </section>
  );
}

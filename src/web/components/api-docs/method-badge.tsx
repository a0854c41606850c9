import clsx from "clsx";
import type { Method } from "./openapi";

const STYLES: Record<Method, string> = {
  get: "bg-sky-50 text-sky-700 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/25",
  post: "bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/25",
  put: "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/25",
  patch:
    "bg-violet-50 text-violet-700 ring-violet-600/20 dark:bg-violet-500/10 dark:text-violet-300 dark:ring-violet-400/25",
  delete: "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/25",
};

export function MethodBadge({ method }: { method: Method }) {
  return (
    <span
      className={clsx(
        "inline-flex h-5 w-14 shrink-0 items-center justify-center rounded font-mono text-[10.5px] font-semibold ring-1 ring-inset",
        STYLES[method],
      )}
    >
      {method.toUpperCase()}
    </span>
  );
}

import clsx from "clsx";
import { AlertTriangle, RotateCw } from "lucide-react";
import { errorMessage } from "../../lib/api-error";
import { Button } from "./button";

interface ErrorStateProps {
  title?: string;
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
  className?: string;
}

/** What failed, in the server's words, and a way to try again. */
export function ErrorState({ title = "Could not load this", error, onRetry, retrying, className }: ErrorStateProps) {
  return (
    <div role="alert" className={clsx("flex flex-col items-center justify-center px-6 py-12 text-center", className)}>
      <div className="mb-4 flex size-10 items-center justify-center rounded-lg border border-red-200 bg-red-50 text-red-600 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-400">
        <AlertTriangle className="size-5" aria-hidden />
      </div>
      <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h3>
      <p className="mt-1 max-w-md text-sm text-zinc-500 dark:text-zinc-400">{errorMessage(error)}</p>
      {onRetry && (
        <Button className="mt-5" onClick={onRetry} disabled={retrying}>
          <RotateCw className={clsx(retrying && "animate-spin")} aria-hidden />
          Try again
        </Button>
      )}
    </div>
  );
}

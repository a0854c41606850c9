import { CircleAlert, CircleCheck, Loader2 } from "lucide-react";
import type { ReactNode } from "react";

interface UploadStatusProps {
  empty: boolean;
  checking: boolean;
  problems: number | undefined;
}

/** One line that says whether the text in the editor would be accepted. */
export function UploadStatus({ empty, checking, problems }: UploadStatusProps) {
  let content: ReactNode;
  if (empty)
    content = <span className="text-zinc-500 dark:text-zinc-400">Paste YAML or choose a file to check it.</span>;
  else if (checking || problems === undefined)
    content = (
      <span className="flex items-center gap-1.5 text-zinc-500 dark:text-zinc-400">
        <Loader2 className="size-3.5 animate-spin" aria-hidden /> Checking…
      </span>
    );
  else if (problems === 0)
    content = (
      <span className="flex items-center gap-1.5 text-emerald-700 dark:text-emerald-400">
        <CircleCheck className="size-3.5" aria-hidden /> Valid blueprint
      </span>
    );
  else
    content = (
      <span className="flex items-center gap-1.5 text-red-600 dark:text-red-400">
        <CircleAlert className="size-3.5" aria-hidden /> {problems === 1 ? "1 problem" : `${problems} problems`}
      </span>
    );
  return (
    <div role="status" aria-live="polite" data-testid="validation-status" className="text-xs font-medium">
      {content}
    </div>
  );
}

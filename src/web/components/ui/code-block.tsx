import clsx from "clsx";
import { CopyButton } from "./copy-button";

interface CodeBlockProps {
  code: string;
  title?: string;
  className?: string;
}

/** A command or snippet to copy, with its title. */
export function CodeBlock({ code, title, className }: CodeBlockProps) {
  return (
    <div
      className={clsx(
        "overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950",
        className,
      )}
    >
      <div className="flex h-9 items-center justify-between gap-2 border-b border-zinc-200 pr-1 pl-3 dark:border-zinc-800">
        <span className="truncate text-xs font-medium text-zinc-600 dark:text-zinc-400">{title}</span>
        <CopyButton text={code} />
      </div>
      <pre className="p-3 font-mono text-[12.5px] leading-relaxed whitespace-pre-wrap text-zinc-800 [overflow-wrap:anywhere] dark:text-zinc-200">
        <code>{code}</code>
      </pre>
    </div>
  );
}

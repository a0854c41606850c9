import clsx from "clsx";
import { CircleAlert } from "lucide-react";
import type { ValidationIssue } from "../../lib/api-types";
import { describeIssue, groupIssuesByLine, visibleLines } from "./issue-lines";

interface YamlViewProps {
  source: string;
  issues?: ValidationIssue[];
  /** Only the lines around issues, with the gaps folded; "full" shows everything. */
  compact?: boolean;
  onLineClick?: (line: number) => void;
  className?: string;
}

/**
 * YAML with line numbers. A line with a problem is marked and its message sits right under
 * it, the way a compiler reports it, so the author sees what is wrong where it is wrong.
 */
export function YamlView({ source, issues = [], compact = false, onLineClick, className }: YamlViewProps) {
  const lines = source.replace(/\n$/, "").split("\n");
  const { byLine } = groupIssuesByLine(issues, lines.length);
  const rows = compact ? visibleLines(lines.length, [...byLine.keys()], 2) : lines.map((_, index) => index + 1);
  const digits = String(lines.length).length;

  return (
    <div className={clsx("font-mono text-[12.5px] leading-5", className)}>
      <div className="py-2">
        {rows.map((row) => {
          if (typeof row !== "number") {
            return (
              <div
                key={`gap-${row.from}`}
                className="my-1 flex items-center bg-zinc-50 text-[11px] text-zinc-400 dark:bg-zinc-800/40 dark:text-zinc-400"
              >
                <span className="px-3 py-0.5 select-none" style={{ width: `${digits + 3}ch` }}>
                  ⋯
                </span>
                <span className="py-0.5">
                  {row.gap} {row.gap === 1 ? "line" : "lines"}
                </span>
              </div>
            );
          }
          const lineIssues = byLine.get(row);
          const text = lines[row - 1] ?? "";
          const code = (
            <div className={clsx("flex", lineIssues && "bg-red-50 dark:bg-red-500/10")}>
              <span
                aria-hidden={!lineIssues}
                onClick={onLineClick ? () => onLineClick(row) : undefined}
                className={clsx(
                  "shrink-0 border-r pr-3 pl-3 text-right tabular-nums select-none",
                  lineIssues
                    ? "border-red-400 font-semibold text-red-600 dark:text-red-400"
                    : "border-transparent text-zinc-500 dark:text-zinc-400",
                  onLineClick && "cursor-pointer",
                )}
                style={{ width: `${digits + 3}ch` }}
              >
                {row}
              </span>
              <code className="min-w-0 flex-1 pr-4 pl-3 break-all whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">
                {text || " "}
              </code>
            </div>
          );
          if (!lineIssues) return <div key={row}>{code}</div>;
          return (
            <div key={row} data-testid={`issue-line-${row}`} data-line={row}>
              {code}
              {lineIssues.map((issue) => (
                // The outer box is in the code's font, so its indent lines up with the code column.
                <div
                  key={`${issue.column ?? ""}:${issue.path}:${issue.message}`}
                  className="border-l-2 border-red-500 bg-red-50/60 dark:bg-red-500/5"
                  style={{ paddingLeft: `${digits + 3}ch` }}
                >
                  <p
                    role="note"
                    className="flex gap-2 py-1.5 pr-4 pl-3 font-sans text-xs text-red-700 dark:text-red-300"
                  >
                    <CircleAlert className="mt-px size-3.5 shrink-0" aria-hidden />
                    <span className="min-w-0 break-words">{describeIssue(issue)}</span>
                  </p>
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

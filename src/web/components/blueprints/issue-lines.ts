import type { ValidationIssue } from "../../lib/api-types";

/** Issues by the (1-based) line they point at; issues without a line are returned apart. */
export function groupIssuesByLine(issues: ValidationIssue[], lineCount: number) {
  const byLine = new Map<number, ValidationIssue[]>();
  const general: ValidationIssue[] = [];
  for (const issue of issues) {
    if (issue.line === undefined) {
      general.push(issue);
      continue;
    }
    // A syntax error at the end of the text can point one past the last line.
    const line = Math.min(Math.max(1, issue.line), Math.max(1, lineCount));
    byLine.set(line, [...(byLine.get(line) ?? []), issue]);
  }
  return { byLine, general };
}

/** "line 32, column 17: /agents/1/reports_to: unknown role …" */
export function describeIssue(issue: ValidationIssue): string {
  const where =
    issue.line !== undefined
      ? `line ${issue.line}${issue.column !== undefined ? `, column ${issue.column}` : ""}: `
      : "";
  return `${where}${issue.path ? `${issue.path}: ` : ""}${issue.message}`;
}

/** The lines to show around the issues (and the gaps between them), for the compact view. */
export function visibleLines(
  lineCount: number,
  issueLines: number[],
  context: number,
): Array<number | { gap: number; from: number }> {
  const keep = new Set<number>();
  for (const line of issueLines) {
    for (let n = Math.max(1, line - context); n <= Math.min(lineCount, line + context); n++) keep.add(n);
  }
  const rows: Array<number | { gap: number; from: number }> = [];
  let skipped = 0;
  for (let n = 1; n <= lineCount; n++) {
    if (keep.has(n)) {
      if (skipped) rows.push({ gap: skipped, from: n - skipped });
      skipped = 0;
      rows.push(n);
    } else skipped++;
  }
  if (skipped) rows.push({ gap: skipped, from: lineCount - skipped + 1 });
  return rows;
}

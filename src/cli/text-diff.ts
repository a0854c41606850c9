/**
 * A line diff for `myzel blueprints diff`: the stored YAML against a file, in the unified
 * format people read from git (with 3 lines of context). Longest common subsequence over
 * lines — blueprints are at most a few hundred lines, so the quadratic table is small.
 */
export type DiffLine = { kind: "same" | "removed" | "added"; text: string };

export function diffLines(before: string[], after: string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  // common[i][j]: length of the longest common subsequence of before[i..] and after[j..].
  const common = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      common[i]![j] =
        before[i] === after[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push({ kind: "same", text: before[i++]! });
      j++;
      // Removals before additions, as git shows a changed line.
    } else if (i < n && (j === m || common[i + 1]![j]! >= common[i]![j + 1]!))
      out.push({ kind: "removed", text: before[i++]! });
    else out.push({ kind: "added", text: after[j++]! });
  }
  return out;
}

/** Hunks with `context` unchanged lines around each change; empty when nothing changed. */
export function unifiedDiff(before: string, after: string, labels: [string, string], context = 3): string[] {
  const lines = diffLines(splitLines(before), splitLines(after));
  if (lines.every((l) => l.kind === "same")) return [];
  const out = [`--- ${labels[0]}`, `+++ ${labels[1]}`];
  const changed = lines.map((l, index) => (l.kind === "same" ? -1 : index)).filter((index) => index >= 0);
  let start = 0;
  while (start < changed.length) {
    // A hunk grows while the next change is close enough for the contexts to touch.
    let end = start;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 2 * context) end++;
    const from = Math.max(0, changed[start]! - context);
    const to = Math.min(lines.length, changed[end]! + context + 1);
    const slice = lines.slice(from, to);
    const oldStart = lines.slice(0, from).filter((l) => l.kind !== "added").length + 1;
    const newStart = lines.slice(0, from).filter((l) => l.kind !== "removed").length + 1;
    const oldCount = slice.filter((l) => l.kind !== "added").length;
    const newCount = slice.filter((l) => l.kind !== "removed").length;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const l of slice) out.push(`${l.kind === "same" ? " " : l.kind === "added" ? "+" : "-"}${l.text}`);
    start = end + 1;
  }
  return out;
}

const splitLines = (text: string) => text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");

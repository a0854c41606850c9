import { describe, expect, it } from "vitest";
import { diffLines, unifiedDiff } from "./text-diff";

describe("the blueprint diff", () => {
  it("keeps common lines and marks what was removed and added", () => {
    expect(diffLines(["a", "b", "c"], ["a", "x", "c", "d"])).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "x" },
      { kind: "same", text: "c" },
      { kind: "added", text: "d" },
    ]);
  });

  it("prints unified hunks with line numbers and three lines of context", () => {
    const before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
    const after = "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10\n";
    expect(unifiedDiff(before, after, ["stored", "file"])).toEqual([
      "--- stored",
      "+++ file",
      "@@ -3,7 +3,7 @@",
      " 3",
      " 4",
      " 5",
      "-6",
      "+six",
      " 7",
      " 8",
      " 9",
    ]);
  });

  it("is empty when the texts have the same lines (line endings aside)", () => {
    expect(unifiedDiff("a\r\nb\r\n", "a\nb", ["x", "y"])).toEqual([]);
  });
});

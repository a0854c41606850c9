import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { parseBlueprint } from "./parse-blueprint";
import { documentBoundsIssues, textBoundsIssue, YAML_LIMITS } from "./yaml-bounds";

const keys = (count: number) =>
  `metadata:\n${Array.from({ length: count }, (_, i) => `  k${i.toString(36)}: 1`).join("\n")}\n`;

describe("textBoundsIssue", () => {
  it("lets a document within the limits through", () => {
    expect(textBoundsIssue("a: [1, {b: \"[[[\"}, '{{']\nc: |\n  [[[[\n")).toBeNull();
    expect(textBoundsIssue(`a: ${"[".repeat(32)}${"]".repeat(32)}`)).toBeNull();
  });

  it("stops at the first bracket nested too deep, at its offset", () => {
    expect(textBoundsIssue(`a: ${"[".repeat(100_000)}`)).toEqual({
      offset: 3 + YAML_LIMITS.depth,
      message: "the document nests deeper than 32 levels",
    });
  });

  it("stops at the first scalar past the node limit", () => {
    expect(textBoundsIssue(keys(24_000))?.message).toBe("the document has more than 4000 values and keys");
  });
});

describe("documentBoundsIssues", () => {
  it("finds every duplicate key of a mapping by its second occurrence", () => {
    const text = "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n";
    expect(documentBoundsIssues(parseDocument(text, { uniqueKeys: false }))).toEqual([
      { offset: text.indexOf("  c: 2") + 2, message: 'duplicate key "c"; each key may appear only once in a mapping' },
      { offset: text.lastIndexOf("a:"), message: 'duplicate key "a"; each key may appear only once in a mapping' },
    ]);
  });

  it("refuses block nesting deeper than the limit", () => {
    const deep = Array.from({ length: 40 }, (_, i) => `${"  ".repeat(i)}k:`).join("\n");
    expect(documentBoundsIssues(parseDocument(deep))[0]?.message).toBe("the document nests deeper than 32 levels");
  });

  it("reports at most a few issues however many duplicates there are", () => {
    const text = `a:\n${"  x: 1\n".repeat(1000)}`;
    expect(documentBoundsIssues(parseDocument(text, { uniqueKeys: false }))).toHaveLength(YAML_LIMITS.issues);
  });
});

describe("parseBlueprint with hostile documents", () => {
  it("refuses 24,000 keys with where the limit was passed", () => {
    const result = parseBlueprint(keys(24_000));
    expect(result).toMatchObject({ ok: false, issues: [{ line: 2001, message: /more than 4000 values/ }] });
  });

  it("refuses deeply nested flow collections instead of overflowing the stack", () => {
    const result = parseBlueprint(`metadata: ${"[".repeat(100_000)}`);
    expect(result).toMatchObject({ ok: false, issues: [{ line: 1, column: 43, message: /deeper than 32/ }] });
  });
});

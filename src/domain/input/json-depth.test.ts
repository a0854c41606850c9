import { describe, expect, it } from "vitest";
import { jsonTooDeepAt, tooDeepMessage } from "./json-depth";

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("jsonTooDeepAt", () => {
  it("accepts JSON up to the limit, objects and arrays alike", () => {
    expect(jsonTooDeepAt(nested(64))).toBeNull();
    expect(jsonTooDeepAt('{"a":{"b":[{"c":1}]}}', 4)).toBeNull();
  });

  it("points at the first bracket past the limit", () => {
    expect(jsonTooDeepAt(nested(65))).toBe(64);
    expect(jsonTooDeepAt(nested(4000))).toBe(64);
    expect(jsonTooDeepAt('{"a":{"b":[{"c":1}]}}', 3)).toBe(11);
  });

  it("does not count brackets inside strings, escaped quotes included", () => {
    expect(jsonTooDeepAt(JSON.stringify({ text: "[".repeat(1000) }))).toBeNull();
    expect(jsonTooDeepAt(JSON.stringify({ text: `\\"${"{".repeat(1000)}` }))).toBeNull();
  });

  it("says how deep and where", () => {
    expect(tooDeepMessage(64)).toBe("the JSON nests deeper than 64 levels (at character 65)");
  });
});

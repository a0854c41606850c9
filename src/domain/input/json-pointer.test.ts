import { describe, expect, it } from "vitest";
import { issuePointer, jsonPointer, pointerSegments } from "./json-pointer";

describe("JSON Pointers of issues", () => {
  it("names a nested field by its keys and indexes, and the whole input by the empty string", () => {
    expect(jsonPointer(["agents", 2, "reports_to"])).toBe("/agents/2/reports_to");
    expect(jsonPointer([])).toBe("");
  });

  it("escapes keys holding a slash or a tilde, so every pointer reads back as the path it was made from", () => {
    const path = ["roles", "a/b", "c~d", "x.y"];
    expect(jsonPointer(path)).toBe("/roles/a~1b/c~0d/x.y");
    expect(pointerSegments(jsonPointer(path))).toEqual(path);
    expect(pointerSegments("")).toEqual([]);
    expect(pointerSegments("/~01")).toEqual(["~1"]);
  });

  it("points at a key the input does not take, not at the object that holds it", () => {
    expect(issuePointer({ code: "unrecognized_keys", path: ["tasks", 0], keys: ["rol"] })).toBe("/tasks/0/rol");
    expect(issuePointer({ code: "unrecognized_keys", path: [], keys: ["a", "b"] })).toBe("");
    expect(issuePointer({ code: "invalid_type", path: ["limit"] })).toBe("/limit");
  });
});

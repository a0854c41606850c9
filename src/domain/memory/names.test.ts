import { describe, expect, it } from "vitest";
import { parseNamespaceRef, VALUE_KEY } from "./names";

describe("memory names", () => {
  it("reads cluster and global namespace references and refuses bad names", () => {
    expect(parseNamespaceRef("marketing/q1")).toEqual({ scope: "cluster", name: "marketing/q1" });
    expect(parseNamespaceRef("global:facts")).toEqual({ scope: "global", name: "facts" });
    for (const bad of ["", "/x", "x/", "X", "a//b", "global:", "../x", "a/b/c/d/e"])
      expect(parseNamespaceRef(bad)).toBeUndefined();
  });

  it("takes keys that are one URL segment", () => {
    expect(VALUE_KEY.test("counter:visits.v2")).toBe(true);
    for (const bad of ["", "a/b", "-x", "a b", "x".repeat(201)]) expect(VALUE_KEY.test(bad)).toBe(false);
  });
});

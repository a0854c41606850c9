import { describe, expect, it } from "vitest";
import { mayHoldNul, withoutNul } from "./storable-text";

describe("text PostgreSQL can store", () => {
  it("replaces NUL in strings, nested values and keys, and leaves everything else as it was", () => {
    const report = JSON.parse('{"stdout":"a\\u0000b","list":["\\u0000",1,null,true],"k\\u0000":{"x":"ok"}}');
    expect(withoutNul(report)).toEqual({ stdout: "a\uFFFDb", list: ["\uFFFD", 1, null, true], "k\uFFFD": { x: "ok" } });
    expect(withoutNul("plain")).toBe("plain");
    expect(withoutNul(42)).toBe(42);
  });

  it("tells which JSON texts need the walk", () => {
    expect(mayHoldNul('{"stdout":"a\\u0000b"}')).toBe(true);
    expect(mayHoldNul('{"stdout":"ab"}')).toBe(false);
  });
});

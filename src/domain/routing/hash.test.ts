import { describe, expect, it } from "vitest";
import { finish, fnv1a, hash32 } from "./hash";

describe("hash32", () => {
  it("is deterministic and an unsigned 32-bit integer", () => {
    expect(hash32("session-1")).toBe(hash32("session-1"));
    for (const text of ["", "a", "session-1", "ümlaut", "x".repeat(1000)]) {
      const h = hash32(text);
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(2 ** 32);
    }
  });

  it("matches published FNV-1a 32-bit vectors before the finaliser", () => {
    expect(fnv1a("") >>> 0).toBe(0x811c9dc5);
    expect(fnv1a("a") >>> 0).toBe(0xe40c292c);
    expect(fnv1a("foobar") >>> 0).toBe(0xbf9cf968);
  });

  it("streams: a prefix hashed once continues to the same hash", () => {
    const prefix = fnv1a("agent-7f3a#");
    expect(finish(fnv1a("42", prefix))).toBe(hash32("agent-7f3a#42"));
  });

  it("tells apart keys that differ in one character", () => {
    expect(hash32("agent#1")).not.toBe(hash32("agent#2"));
    expect(hash32("ab")).not.toBe(hash32("ba"));
  });

  it("spreads sequential keys evenly over 16 buckets of the top bits", () => {
    const buckets = new Array<number>(16).fill(0);
    for (let i = 0; i < 16_000; i++) buckets[hash32(`agent#${i}`) >>> 28]!++;
    for (const count of buckets) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });
});

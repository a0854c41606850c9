import { describe, expect, it } from "vitest";
import { decideWrite, expiryOf, isLive, jsonSize, sizeProblem } from "./write-rules";

describe("memory value writes", () => {
  it("writes without a version, or with the current one, and refuses a stale one with the current", () => {
    expect(decideWrite(3, undefined)).toEqual({ ok: true, nextVersion: 4 });
    expect(decideWrite(3, 3)).toEqual({ ok: true, nextVersion: 4 });
    expect(decideWrite(3, 2)).toEqual({ ok: false, currentVersion: 3 });
  });

  it("treats version 0 as 'only if it does not exist yet'", () => {
    expect(decideWrite(0, 0)).toEqual({ ok: true, nextVersion: 1 });
    expect(decideWrite(1, 0)).toEqual({ ok: false, currentVersion: 1 });
  });

  it("measures a value as its JSON in UTF-8 and names both sizes when it is too large", () => {
    expect(jsonSize({ a: "é" })).toBe(10);
    expect(sizeProblem("the value", 11, 10)).toBe("the value is 11 bytes; at most 10 are kept");
    expect(sizeProblem("the value", 10, 10)).toBeUndefined();
  });

  it("expires a value with a TTL at its time, and never one without", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const expires = expiryOf(now, 60);
    expect(expires?.toISOString()).toBe("2026-01-01T00:01:00.000Z");
    expect(isLive(expires, new Date("2026-01-01T00:00:59Z"))).toBe(true);
    expect(isLive(expires, new Date("2026-01-01T00:01:00Z"))).toBe(false);
    expect(isLive(expiryOf(now, undefined), new Date("2100-01-01"))).toBe(true);
  });
});

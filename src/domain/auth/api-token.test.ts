import { describe, expect, it } from "vitest";
import {
  bearerToken,
  formatToken,
  hashToken,
  looksLikeToken,
  shouldRecordUse,
  shownPrefix,
  tokenState,
} from "./api-token";

const bytes = (fill: number) => new Uint8Array(32).fill(fill);

describe("API tokens", () => {
  it("are myzel_ and 43 characters, recognisable and different for different randomness", () => {
    const token = formatToken(bytes(7));
    expect(token).toMatch(/^myzel_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeToken(token)).toBe(true);
    expect(formatToken(bytes(8))).not.toBe(token);
    expect(() => formatToken(new Uint8Array(16))).toThrow("32 random bytes");
  });

  it("are stored as a hash that does not contain them", () => {
    const token = formatToken(bytes(1));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token.slice(6, 20));
    expect(shownPrefix(token)).toBe(token.slice(0, 12));
  });

  it("reject what is not one", () => {
    expect(looksLikeToken("myzel_short")).toBe(false);
    expect(looksLikeToken(`other_${"a".repeat(43)}`)).toBe(false);
  });

  it("come from a Bearer header only", () => {
    expect(bearerToken("Bearer myzel_abc")).toBe("myzel_abc");
    expect(bearerToken("bearer   myzel_abc ")).toBe("myzel_abc");
    expect(bearerToken("Basic dXNlcjpwYXNz")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it("stop working when revoked or past their expiry", () => {
    const now = new Date("2026-11-24T12:00:00Z");
    expect(tokenState({ expiresAt: null, revokedAt: null }, now)).toBe("active");
    expect(tokenState({ expiresAt: new Date("2026-11-25T00:00:00Z"), revokedAt: null }, now)).toBe("active");
    expect(tokenState({ expiresAt: now, revokedAt: null }, now)).toBe("expired");
    expect(tokenState({ expiresAt: null, revokedAt: new Date("2026-11-23T00:00:00Z") }, now)).toBe("revoked");
  });

  it("record their use at most once per interval", () => {
    const now = new Date("2026-11-24T12:00:00Z");
    expect(shouldRecordUse(null, now, 60_000)).toBe(true);
    expect(shouldRecordUse(new Date(now.getTime() - 59_000), now, 60_000)).toBe(false);
    expect(shouldRecordUse(new Date(now.getTime() - 60_000), now, 60_000)).toBe(true);
  });
});

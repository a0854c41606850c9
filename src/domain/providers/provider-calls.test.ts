import { describe, expect, it } from "vitest";
import {
  burstOf,
  DEFAULT_ANSWER_TOKENS,
  DEFAULT_RETRY_AFTER_MS,
  estimateTokens,
  MAX_RETRY_AFTER_MS,
  retryAfterMs,
} from "./provider-calls";

describe("estimateTokens", () => {
  it("counts the text at about four characters a token, plus framing and the answer's allowance", () => {
    expect(estimateTokens([{ content: "x".repeat(400) }], 50)).toEqual({ prompt: 4 + 100, answer: 50 });
    expect(estimateTokens([{ content: "" }, { content: "abc" }], undefined)).toEqual({
      prompt: 4 + 4 + 1,
      answer: DEFAULT_ANSWER_TOKENS,
    });
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-12-01T10:00:00Z");
  const headers = (retryAfter: string | null, ms: string | null = null) => ({ retryAfter, retryAfterMs: ms });
  it("reads seconds, HTTP dates and retry-after-ms", () => {
    expect(retryAfterMs(headers("2"), now)).toBe(2000);
    expect(retryAfterMs(headers("0.5"), now)).toBe(500);
    expect(retryAfterMs(headers("Tue, 01 Dec 2026 10:00:03 GMT"), now)).toBe(3000);
    expect(retryAfterMs(headers("2", "750"), now)).toBe(750);
  });
  it("falls back to a default on nothing or nonsense, never waits less than zero, and caps the pause", () => {
    expect(retryAfterMs(headers(null), now)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(retryAfterMs(headers("soon"), now)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(retryAfterMs(headers("Tue, 01 Dec 2026 09:00:00 GMT"), now)).toBe(0);
    expect(retryAfterMs(headers("86400"), now)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe("burstOf", () => {
  it("lets ten seconds' worth go at once, and always at least one", () => {
    expect(burstOf(60)).toBe(10);
    expect(burstOf(20_000)).toBe(3333);
    expect(burstOf(3)).toBe(1);
  });
});

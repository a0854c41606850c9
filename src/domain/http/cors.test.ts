import { describe, expect, it } from "vitest";
import { corsDecision, originProblem } from "./cors";

const allowedOrigins = ["https://app.example.com"];

describe("CORS decision", () => {
  it("adds the allowed origin and the exposed headers to an allowed origin's request, never credentials", () => {
    const decision = corsDecision({
      method: "POST",
      origin: "https://app.example.com",
      requestMethod: undefined,
      allowedOrigins,
    });
    expect(decision).toEqual({
      kind: "allow",
      headers: {
        "Access-Control-Allow-Origin": "https://app.example.com",
        Vary: "Origin",
        "Access-Control-Expose-Headers": "Location, ETag, Link, Retry-After, Allow, Idempotent-Replayed",
      },
    });
    expect(JSON.stringify(decision)).not.toContain("Credentials");
  });

  it("answers an allowed origin's preflight with the methods and headers the API takes", () => {
    const decision = corsDecision({
      method: "OPTIONS",
      origin: "https://app.example.com",
      requestMethod: "POST",
      allowedOrigins,
    });
    expect(decision.kind).toBe("preflight");
    const headers = (decision as { headers: Record<string, string> }).headers;
    expect(headers["Access-Control-Allow-Methods"]).toBe("GET, HEAD, POST, PUT, PATCH, DELETE");
    expect(headers["Access-Control-Allow-Headers"]).toBe(
      "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match",
    );
    expect(headers).not.toHaveProperty("Access-Control-Allow-Credentials");
  });

  it("refuses a preflight from another origin and leaves requests without an allowed origin alone", () => {
    expect(
      corsDecision({ method: "OPTIONS", origin: "https://evil.example", requestMethod: "POST", allowedOrigins }),
    ).toEqual({
      kind: "refuse",
      detail: "cross-origin calls from https://evil.example are not allowed (MYZEL_CORS_ORIGINS)",
    });
    expect(
      corsDecision({ method: "POST", origin: "https://evil.example", requestMethod: undefined, allowedOrigins }),
    ).toEqual({
      kind: "none",
    });
    expect(corsDecision({ method: "GET", origin: undefined, requestMethod: undefined, allowedOrigins })).toEqual({
      kind: "none",
    });
    expect(
      corsDecision({ method: "OPTIONS", origin: "https://app.example.com", requestMethod: "GET", allowedOrigins: [] })
        .kind,
    ).toBe("refuse");
  });

  it("matches origins exactly, ignoring case", () => {
    expect(
      corsDecision({ method: "GET", origin: "https://APP.example.com", requestMethod: undefined, allowedOrigins }).kind,
    ).toBe("allow");
    expect(
      corsDecision({ method: "GET", origin: "https://app.example.com:8443", requestMethod: undefined, allowedOrigins })
        .kind,
    ).toBe("none");
  });
});

describe("allowed origins", () => {
  it("are scheme, host and port only", () => {
    expect(originProblem("https://app.example.com")).toBeNull();
    expect(originProblem("http://localhost:5173")).toBeNull();
    expect(originProblem("*")).toContain("is no origin");
    expect(originProblem("ftp://x.example")).toContain("http:// or https://");
    expect(originProblem("https://app.example.com/")).toContain("no path or trailing slash");
    expect(originProblem("https://app.example.com/path")).toContain("no path or trailing slash");
  });
});

import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact-secrets";

describe("redactSecrets", () => {
  it.each([
    ["calling with myzel_abcdefghijklmnop", "calling with myzel_[redacted]"],
    ["key sk-proj-abcdefghijklmnopqrstuv used", "key sk-[redacted] used"],
    ["Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def", "Authorization: Bearer [redacted]"],
    ["redis://agent-1:s3cr3t-pass@127.0.0.1:6379", "redis://agent-1:[redacted]@127.0.0.1:6379"],
    ["OPENAI_API_KEY=abc123 next", "OPENAI_API_KEY=[redacted] next"],
    ['{"password": "hunter22", "user": "ada"}', '{"password": [redacted], "user": "ada"}'],
    ["db_password: 'x y z'", "db_password: [redacted]"],
    ["token=abc;rest", "token=[redacted];rest"],
    ["ghp_0123456789abcdefghijABCDEFGHIJ", "[redacted]"],
  ])("masks %s", (line, expected) => {
    expect(redactSecrets(line)).toBe(expected);
  });

  it("leaves ordinary output as it is", () => {
    const line = "task 3f2a attempt 1 succeeded in 12 ms (tokens used: 120)";
    expect(redactSecrets("listening on http://127.0.0.1:3000/path")).toBe("listening on http://127.0.0.1:3000/path");
    expect(redactSecrets("task 3f2a attempt 1 succeeded in 12 ms")).toBe("task 3f2a attempt 1 succeeded in 12 ms");
    expect(redactSecrets(line)).toContain("tokens used");
  });
});

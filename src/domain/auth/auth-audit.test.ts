import { describe, expect, it } from "vitest";
import { authActionOf, authOutcome } from "./auth-audit";

describe("the audit of sign-ins and password changes", () => {
  it("covers signing in with a password and changing it", () => {
    expect(authActionOf("POST", "/sign-in/email")).toBe("auth.signIn");
    expect(authActionOf("post", "/change-password")).toBe("auth.changePassword");
    expect(authActionOf("GET", "/get-session")).toBeNull();
    expect(authActionOf("POST", "/sign-out")).toBeNull();
  });

  it("records sign-ins that worked and those that failed, not refusals of malformed or too many requests", () => {
    expect(authOutcome("auth.signIn", 200, false)).toBe("ok");
    expect(authOutcome("auth.signIn", 401, false)).toBe("UNAUTHORIZED");
    expect(authOutcome("auth.signIn", 403, false)).toBe("FORBIDDEN");
    expect(authOutcome("auth.signIn", 500, false)).toBe("INTERNAL_SERVER_ERROR");
    expect(authOutcome("auth.signIn", 400, false)).toBeNull();
    expect(authOutcome("auth.signIn", 429, false)).toBeNull();
  });

  it("records password changes of signed-in users, whatever their outcome", () => {
    expect(authOutcome("auth.changePassword", 200, true)).toBe("ok");
    expect(authOutcome("auth.changePassword", 400, true)).toBe("BAD_REQUEST");
    expect(authOutcome("auth.changePassword", 401, false)).toBeNull();
  });
});

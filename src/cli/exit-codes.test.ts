import { describe, expect, it } from "vitest";
import { EXIT, exitCodeOfFailure } from "./exit-codes";

describe("exit codes", () => {
  it("tell a refusal's kind from the server's code", () => {
    expect(exitCodeOfFailure({ code: "UNAUTHORIZED", httpStatus: 401 })).toBe(EXIT.auth);
    expect(exitCodeOfFailure({ code: "FORBIDDEN", httpStatus: 403 })).toBe(EXIT.auth);
    expect(exitCodeOfFailure({ code: "NOT_FOUND", httpStatus: 404 })).toBe(EXIT.notFound);
    expect(exitCodeOfFailure({ code: "CONFLICT", httpStatus: 409 })).toBe(EXIT.conflict);
    expect(exitCodeOfFailure({ code: "PRECONDITION_FAILED", httpStatus: 412 })).toBe(EXIT.conflict);
    expect(exitCodeOfFailure({ code: "BAD_REQUEST", httpStatus: 400 })).toBe(EXIT.validation);
    expect(exitCodeOfFailure({ code: "TOO_MANY_REQUESTS", httpStatus: 429 })).toBe(EXIT.rateLimited);
    expect(exitCodeOfFailure({ code: "INTERNAL_SERVER_ERROR", httpStatus: 500 })).toBe(EXIT.server);
  });

  it("fall back to the HTTP status, and call no answer unreachable", () => {
    expect(exitCodeOfFailure({ httpStatus: 404 })).toBe(EXIT.notFound);
    expect(exitCodeOfFailure({ httpStatus: 422 })).toBe(EXIT.validation);
    expect(exitCodeOfFailure({ httpStatus: 502 })).toBe(EXIT.server);
    expect(exitCodeOfFailure({ noAnswer: true })).toBe(EXIT.unreachable);
  });

  it("are all distinct", () => {
    const codes = Object.values(EXIT);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

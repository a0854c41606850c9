import { describe, expect, it } from "vitest";
import { unavailableService } from "./unavailable";

const wrapped = (cause: unknown, message = "invalid invocation") => Object.assign(new Error(message), { cause });

describe("unavailableService", () => {
  it("recognises PostgreSQL out of reach, however deep the cause", () => {
    expect(unavailableService(Object.assign(new Error("Can't reach database server"), { code: "P1001" }))).toBe(
      "PostgreSQL",
    );
    expect(unavailableService(wrapped({ kind: "DatabaseNotReachable", host: "10.0.0.1" }))).toBe("PostgreSQL");
    expect(unavailableService(wrapped(new Error("timeout exceeded when trying to connect")))).toBe("PostgreSQL");
    expect(unavailableService(wrapped(wrapped(new Error("Query read timeout"))))).toBe("PostgreSQL");
    expect(unavailableService(wrapped(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })))).toBe(
      "PostgreSQL",
    );
  });

  it("recognises Redis out of reach", () => {
    expect(
      unavailableService(
        Object.assign(new Error("Reached the max retries per request limit"), { name: "MaxRetriesPerRequestError" }),
      ),
    ).toBe("Redis");
    expect(unavailableService(new Error("Connection is closed."))).toBe("Redis");
  });

  it("leaves every other error alone", () => {
    expect(unavailableService(new Error("the cluster is not ACTIVE"))).toBeUndefined();
    expect(unavailableService(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBeUndefined();
    expect(unavailableService(undefined)).toBeUndefined();
    const loop: { message: string; cause?: unknown } = { message: "loop" };
    loop.cause = loop;
    expect(unavailableService(loop)).toBeUndefined();
  });
});

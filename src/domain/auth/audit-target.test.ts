import { describe, expect, it } from "vitest";
import { auditTarget } from "./audit-target";

describe("audit target", () => {
  it("is the id the input names", () => {
    expect(auditTarget({ id: "c1", targetWorkers: 5 })).toBe("c1");
    expect(auditTarget({ userId: "u1", role: "ADMIN" })).toBe("u1");
    expect(auditTarget({ tokenId: "t1" })).toBe("t1");
  });

  it("is the id of what was created when the input names none", () => {
    expect(
      auditTarget({ yaml: "metadata: …" }, { created: true, blueprint: { id: "marketing-v1", version: "1.0.0" } }),
    ).toBe("marketing-v1");
    expect(auditTarget({ name: "ci", role: "VIEWER" }, { token: "myzel_secret", info: { id: "t9" } })).toBe("t9");
    expect(auditTarget({ blueprintId: "marketing-v1", name: "Q1" }, { id: "c7", status: "PLANNING" })).toBe("c7");
  });

  it("is the blueprint named when nothing was created", () => {
    expect(auditTarget({ blueprintId: "marketing-v1", name: "Q1" }, undefined)).toBe("marketing-v1");
  });

  it("never takes payloads, prompts or tokens", () => {
    expect(auditTarget({ payload: { prompt: "secret plan" } })).toBeNull();
    expect(auditTarget({ name: "x" }, { token: "myzel_secret" })).toBeNull();
    expect(auditTarget(undefined)).toBeNull();
    expect(auditTarget({ id: { nested: true } })).toBeNull();
  });
});

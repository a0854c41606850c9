import { describe, expect, it } from "vitest";
import { marketingBlueprint } from "./fixtures";
import { roleOfWork } from "./role-work";

const bp = marketingBlueprint();

describe("roleOfWork", () => {
  it("takes the role a task names or the role of its agent", () => {
    expect(roleOfWork(bp, { role: "analyst", targetKind: "role", targetValue: "analyst" })).toBe("analyst");
    expect(roleOfWork(bp, { role: "janitor", targetKind: "role", targetValue: "janitor" })).toBeNull();
  });

  it("gives a capability to the first role that has it, and any task to the first role that may grow", () => {
    expect(roleOfWork(bp, { role: null, targetKind: "capability", targetValue: "reporting" })).toBe("analyst");
    expect(roleOfWork(bp, { role: null, targetKind: "capability", targetValue: "juggling" })).toBeNull();
    expect(roleOfWork(bp, { role: null, targetKind: "any", targetValue: null })).toBe("content_writer");
    expect(
      roleOfWork(bp, { role: null, targetKind: "agent", targetValue: "00000000-0000-4000-8000-000000000000" }),
    ).toBeNull();
  });
});

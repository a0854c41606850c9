import { describe, expect, it } from "vitest";
import { type ApprovalRole, approvalFor, policyOf } from "./approval-policy";

const roles: ApprovalRole[] = [
  { role: "lead", capabilities: ["plan"] },
  { role: "payer", capabilities: ["pay", "plan"], approval: "required" },
  { role: "mailer", capabilities: ["mail"], approval: { required: true, timeout_seconds: 60, on_timeout: "escalate" } },
  { role: "draft", capabilities: ["mail"], approval: { required: false, timeout_seconds: 5, on_timeout: "reject" } },
];

describe("approval policy", () => {
  it("reads the short form as a day's wait that rejects", () => {
    expect(policyOf(roles[1]!)).toEqual({ role: "payer", timeoutSeconds: 86_400, onTimeout: "reject" });
  });

  it("needs no approval when the role has none or switches it off", () => {
    expect(policyOf(roles[0]!)).toBeNull();
    expect(policyOf(roles[3]!)).toBeNull();
  });

  it("holds a task for the role, or for one of its agents", () => {
    expect(approvalFor(roles, { kind: "role", value: "payer" })?.role).toBe("payer");
    expect(approvalFor(roles, { kind: "agent", value: "mailer" })).toEqual({
      role: "mailer",
      timeoutSeconds: 60,
      onTimeout: "escalate",
    });
    expect(approvalFor(roles, { kind: "role", value: "lead" })).toBeNull();
  });

  it("holds a task that routing could give to an approval role: by capability or to any agent", () => {
    expect(approvalFor(roles, { kind: "capability", value: "plan" })?.role).toBe("payer");
    expect(approvalFor(roles, { kind: "capability", value: "mail" })?.role).toBe("mailer");
    expect(approvalFor(roles, { kind: "any" })?.role).toBe("mailer");
    expect(approvalFor(roles.slice(0, 1), { kind: "any" })).toBeNull();
  });
});

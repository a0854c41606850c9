import { describe, expect, it } from "vitest";
import { agent, problems } from "./blueprint-fixtures";

describe("a role's approval", () => {
  const withApproval = (approval: unknown) => problems((bp) => (agent(bp).approval = approval));

  it("takes the short form and the object with its defaults", () => {
    expect(withApproval("required")).toEqual([]);
    expect(withApproval({})).toEqual([]);
    expect(withApproval({ required: true, timeout_seconds: 3600, on_timeout: "escalate" })).toEqual([]);
    expect(withApproval({ required: false })).toEqual([]);
  });

  it("says what is wrong, at its path", () => {
    const [shorthand] = withApproval("yes");
    expect(shorthand).toMatch(/^agents\.0\.approval: must be "required" or an object like \{ required: true/);
    expect(withApproval({ timeout_seconds: 0 })).toEqual(["agents.0.approval.timeout_seconds: must be at least 1"]);
    expect(withApproval({ timeout_seconds: 2_592_001 })).toEqual([
      "agents.0.approval.timeout_seconds: must be at most 2592000 (30 days)",
    ]);
    expect(withApproval({ on_timeout: "approve" })).toEqual(['agents.0.approval: must be "reject" or "escalate"']);
    const [typo] = withApproval({ timeout: 60 });
    expect(typo).toMatch(/^agents\.0\.approval: unknown key "timeout" \(did you mean "timeout_seconds"\?\)/);
  });
});

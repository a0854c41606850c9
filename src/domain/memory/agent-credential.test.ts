import { describe, expect, it } from "vitest";
import { agentCredential, claimedAgent, credentialMatches } from "./agent-credential";

describe("agent memory credential", () => {
  it("is accepted with the agent's secret and refused with another or for another agent", () => {
    const credential = agentCredential("a1", "secret-1");
    const claim = claimedAgent(credential)!;
    expect(claim.agentId).toBe("a1");
    expect(credentialMatches(claim, "secret-1")).toBe(true);
    expect(credentialMatches(claim, "secret-2")).toBe(false);
    expect(credentialMatches({ ...claim, agentId: "a2" }, "secret-1")).toBe(false);
  });

  it("is told apart from API tokens and malformed strings", () => {
    expect(claimedAgent("myzel_abc")).toBeUndefined();
    expect(claimedAgent("myzel-agent.a1")).toBeUndefined();
    expect(claimedAgent("myzel-agent.a1.x.y")).toBeUndefined();
  });
});

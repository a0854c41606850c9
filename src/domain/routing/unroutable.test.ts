import { describe, expect, it } from "vitest";
import { type RoutingFacts, whyUnroutable } from "./unroutable";

const facts: RoutingFacts = {
  roleMaxima: new Map([
    ["lead", 1],
    ["analyst", 0],
    ["writer", 6],
  ]),
  capabilities: new Set(["writing"]),
  liveAgentIds: new Set(["a1"]),
};

describe("unroutable tasks", () => {
  it("keeps waiting for a role that can have agents, even at zero now", () => {
    expect(whyUnroutable({ targetKind: "role", targetValue: "writer" }, facts)).toBeNull();
  });

  it("fails a task for a role the cluster does not have, or may have none of", () => {
    expect(whyUnroutable({ targetKind: "role", targetValue: "designer" }, facts)).toBe(
      'no agent can take it: the cluster has no role "designer"',
    );
    expect(whyUnroutable({ targetKind: "role", targetValue: "analyst" }, facts)).toContain(
      'allows no agent of role "analyst"',
    );
  });

  it("fails a task for a capability nobody has, or for a removed agent", () => {
    expect(whyUnroutable({ targetKind: "capability", targetValue: "writing" }, facts)).toBeNull();
    expect(whyUnroutable({ targetKind: "capability", targetValue: "drawing" }, facts)).toContain(
      'capability "drawing"',
    );
    expect(whyUnroutable({ targetKind: "agent", targetValue: "a1" }, facts)).toBeNull();
    expect(whyUnroutable({ targetKind: "agent", targetValue: "a2" }, facts)).toContain("agent a2 was removed");
  });

  it("lets a task for anyone wait while any role may have agents", () => {
    expect(whyUnroutable({ targetKind: "any", targetValue: null }, facts)).toBeNull();
    expect(
      whyUnroutable({ targetKind: "any", targetValue: null }, { ...facts, roleMaxima: new Map([["analyst", 0]]) }),
    ).toContain("allows no agents");
  });
});

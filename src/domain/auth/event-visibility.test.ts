import { describe, expect, it } from "vitest";
import { minimumRoleFor } from "./event-visibility";
import { rolesBelow } from "./roles";

describe("live event visibility", () => {
  it("sends viewers the events that describe what they may read anyway", () => {
    for (const type of [
      "cluster.created",
      "cluster.status",
      "agent.status",
      "healing",
      "tasks.submitted",
      "tasks.finished",
    ] as const) {
      expect(minimumRoleFor({ type })).toBe("VIEWER");
      expect(rolesBelow(minimumRoleFor({ type }))).toEqual([]);
    }
  });
});

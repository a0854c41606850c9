import { describe, expect, it } from "vitest";
import { planRoleCounts } from "@/domain/blueprint/plan-agents";
import { marketingBlueprint } from "./fixtures";
import {
  checkRoleCounts,
  completeRoleCounts,
  formatRoleChanges,
  rebalanceRoleCounts,
  roleCountChanges,
  sumCounts,
} from "./role-targets";

const bp = marketingBlueprint();
const bounds = { min: 5, max: 20 };
const fixed = { supervisor: 1, content_lead: 1, campaign_lead: 1 };

describe("checkRoleCounts", () => {
  it("accepts counts within every role's range and the cluster's bounds", () => {
    expect(checkRoleCounts(bp, { ...fixed, analyst: 2, content_writer: 1 }, bounds)).toEqual([]);
  });

  it("names an unknown role and a count outside its range by path", () => {
    expect(checkRoleCounts(bp, { ...fixed, janitor: 1, analyst: 4 }, bounds)).toEqual([
      { path: "/roles/janitor", message: expect.stringContaining('no role "janitor"') },
      { path: "/roles/analyst", message: "analyst may have between 0 and 3 agents, got 4" },
    ]);
    expect(checkRoleCounts(bp, { ...fixed, supervisor: 2 }, bounds)[0]).toEqual({
      path: "/roles/supervisor",
      message: "supervisor may have exactly 1 agents, got 2",
    });
  });

  it("refuses a total outside the bounds, and a role with agents whose manager role has none", () => {
    expect(checkRoleCounts(bp, { ...fixed, analyst: 1 }, bounds)).toEqual([
      { path: "/roles", message: "the roles add up to 4 agents; this cluster allows 5 to 20" },
    ]);
    const tree = { ...bp, agents: bp.agents.map((a) => (a.role === "campaign_lead" ? { ...a, count: "0-1" } : a)) };
    expect(checkRoleCounts(tree, { supervisor: 1, content_lead: 1, campaign_lead: 0, analyst: 3 }, bounds)).toEqual([
      {
        path: "/roles/campaign_lead",
        message: "analyst reports to campaign_lead, which would have no agent; keep at least one campaign_lead",
      },
    ]);
  });
});

describe("rebalanceRoleCounts", () => {
  it("gives the blueprint's plan when it starts from the plan, in either direction", () => {
    for (const [from, to] of [
      [8, 6],
      [6, 8],
      [5, 20],
      [20, 5],
      [9, 13],
    ] as const) {
      expect(rebalanceRoleCounts(bp, planRoleCounts(bp, from), to)).toEqual(planRoleCounts(bp, to));
    }
  });

  it("keeps the roles the scaler grew when a person changes the total", () => {
    const grown = { ...fixed, content_writer: 1, social_media_manager: 1, seo_specialist: 0, analyst: 3 };
    // The plan for 9 has two writers and one analyst; growing by one adds a writer and takes nothing away.
    const up = rebalanceRoleCounts(bp, grown, 9);
    expect(roleCountChanges(grown, up)).toEqual({ content_writer: 1 });
    // Shrinking takes from the roles above the plan, last role first.
    const down = rebalanceRoleCounts(bp, grown, 7);
    expect(roleCountChanges(grown, down)).toEqual({ analyst: -1 });
    expect(sumCounts(down)).toBe(7);
  });
});

describe("role changes", () => {
  it("lists what changes and says it briefly", () => {
    const before = completeRoleCounts(bp, { ...fixed, analyst: 1 });
    const changes = roleCountChanges(before, { ...before, analyst: 0, content_writer: 2 });
    expect(changes).toEqual({ analyst: -1, content_writer: 2 });
    expect(formatRoleChanges(changes)).toBe("content_writer +2, analyst -1");
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatIssue, parseBlueprint } from "@/domain/blueprint/parse-blueprint";
import { decideClusterScaling, roleChanges } from "./cluster-scaling";
import { sample, scalingBlueprint, steadySamples } from "./fixtures";

function marketing() {
  const result = parseBlueprint(readFileSync(new URL("../../../blueprints/marketing.yaml", import.meta.url), "utf8"));
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
  return result.blueprint;
}

const NOW = 1_000_000;

describe("roleChanges", () => {
  it("names the roles that gain or lose agents, in the order planRoleCounts deals them", () => {
    const bp = marketing();
    expect(roleChanges(bp, 5, 10)).toEqual({ content_writer: 1, social_media_manager: 1, seo_specialist: 2, analyst: 1 });
    expect(roleChanges(bp, 10, 9)).toEqual({ seo_specialist: -1 });
    expect(roleChanges(bp, 7, 7)).toEqual({});
  });

  it("is empty when the current size lies outside the blueprint's range", () => {
    expect(roleChanges(marketing(), 30, 20)).toEqual({});
  });
});

describe("decideClusterScaling", () => {
  it("grows the marketing cluster on a burst of tasks and says which roles get agents", () => {
    const burst = decideClusterScaling(marketing(), { now: NOW, target: 5, samples: [sample(NOW, { running: 5, busy: 5, queueLength: 100 })], lastAction: null });
    expect(burst).toMatchObject({ direction: "up", from: 5, to: 10, roles: { content_writer: 1, social_media_manager: 1, seo_specialist: 2, analyst: 1 } });
    expect(burst.reason).toMatch(/: 5 → 10 agents \(content_writer \+1, social_media_manager \+1, seo_specialist \+2, analyst \+1\)$/);
  });

  it("shrinks it back toward the minimum once the burst is over, naming the roles that lose agents", () => {
    const calm = decideClusterScaling(marketing(), { now: NOW, target: 20, samples: steadySamples(NOW, 60_000, { running: 20, busy: 0 }), lastAction: null });
    expect(calm).toMatchObject({ direction: "down", to: 10, roles: { content_writer: -4, social_media_manager: -3, seo_specialist: -1, analyst: -2 } });
  });

  it("uses the default queue thresholds for a blueprint without a scaling block", () => {
    const bp = scalingBlueprint();
    expect(decideClusterScaling(bp, { now: NOW, target: 4, samples: [sample(NOW, { queueLength: 5 })], lastAction: null }).reason).toBe(
      "no change: queue 5 is between 1 and 5",
    );
    expect(decideClusterScaling(bp, { now: NOW, target: 4, samples: [sample(NOW, { queueLength: 6 })], lastAction: null })).toMatchObject({
      direction: "up",
      roles: { worker: 1 },
    });
  });
});

import { describe, expect, it } from "vitest";
import { agent, noRandom, uuidAgents } from "./fixtures";
import { createStickyRouter } from "./sticky";
import type { RoutableAgent, Router } from "./types";

const sessions = Array.from({ length: 10_000 }, (_, i) => `session-${i}`);

function assign(router: Router, agents: readonly RoutableAgent[]): string[] {
  return sessions.map((sessionKey) => router.pick(agents, { sessionKey }, noRandom)!.id);
}

describe("sticky router", () => {
  it("maps a session to the same agent every time while membership is unchanged", () => {
    const router = createStickyRouter();
    const agents = uuidAgents(10);
    const first = assign(router, agents);
    // New objects with other loads, same ids: affinity ignores load.
    const reloaded = agents.map((a, i) => agent(a.id, i * 7, 2));
    expect(assign(router, reloaded)).toEqual(first);
  });

  it("does not depend on the order of the list", () => {
    const agents = uuidAgents(10);
    const forward = assign(createStickyRouter(), agents);
    const router = createStickyRouter();
    assign(router, agents);
    expect(assign(router, [...agents].reverse())).toEqual(forward);
  });

  it("spreads 10,000 sessions over 10 agents within ±35 % of the mean", () => {
    const counts = new Map<string, number>();
    for (const id of assign(createStickyRouter(), uuidAgents(10))) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(counts.size).toBe(10);
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(650);
      expect(count).toBeLessThan(1350);
    }
  });

  it("moves only the removed agent's sessions when an agent leaves", () => {
    const router = createStickyRouter();
    const agents = uuidAgents(10);
    const before = assign(router, agents);
    const gone = agents[4]!.id;
    const after = assign(
      router,
      agents.filter((a) => a.id !== gone),
    );
    let moved = 0;
    before.forEach((id, i) => {
      if (id === gone) moved++;
      else expect(after[i]).toBe(id);
    });
    expect(moved).toBeGreaterThan(0);
    expect(after).not.toContain(gone);
  });

  it("moves about 1/n of the sessions, all to the new agent, when an agent joins", () => {
    const router = createStickyRouter();
    const agents = uuidAgents(10);
    const before = assign(router, agents);
    const newcomer = agent("e1b7c0de-0000-4000-8000-00000000abcd");
    const after = assign(router, [...agents, newcomer]);
    let moved = 0;
    after.forEach((id, i) => {
      if (id === before[i]) return;
      moved++;
      expect(id).toBe(newcomer.id);
    });
    expect(moved / sessions.length).toBeGreaterThan(0.05);
    expect(moved / sessions.length).toBeLessThan(0.15);
  });

  it("goes back to the old mapping when the agent that left returns", () => {
    const router = createStickyRouter();
    const agents = uuidAgents(5);
    const before = assign(router, agents);
    assign(router, agents.slice(1));
    expect(assign(router, agents)).toEqual(before);
  });

  it("falls back to the least busy agent without a session key", () => {
    const router = createStickyRouter();
    const agents = [agent("a", 5), agent("b", 2), agent("c", 8)];
    expect(router.pick(agents, {}, noRandom)?.id).toBe("b");
    expect(router.pick(agents, { sessionKey: "" }, noRandom)?.id).toBe("b");
  });

  it("returns undefined for no agents, and the only agent when there is one", () => {
    const router = createStickyRouter();
    expect(router.pick([], { sessionKey: "s" }, noRandom)).toBeUndefined();
    expect(router.pick([], {}, noRandom)).toBeUndefined();
    expect(router.pick([agent("solo")], { sessionKey: "s" }, noRandom)?.id).toBe("solo");
  });

  it("returns the caller's current agent object, not a cached one", () => {
    const router = createStickyRouter();
    router.pick([agent("a"), agent("b")], { sessionKey: "s" }, noRandom);
    const fresh = [agent("a", 3), agent("b", 4)];
    expect(fresh).toContain(router.pick(fresh, { sessionKey: "s" }, noRandom));
  });
});

import { describe, expect, it } from "vitest";
import { planDrill, spread } from "./drill-plan";

const base = { tasks: 10_000, durationMs: 60_000, agentKills: 100, agentHangs: 1, runnerKills: 2, redisRestart: true };

describe("chaos drill plan", () => {
  it("submits exactly the tasks asked for, evenly over the duration", () => {
    const plan = planDrill(base);
    expect(plan.batches.reduce((sum, b) => sum + b.count, 0)).toBe(10_000);
    expect(plan.batches).toHaveLength(600);
    const counts = new Set(plan.batches.map((b) => b.count));
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(plan.batches.at(-1)!.at).toBeLessThan(60_000);
  });

  it("injects every failure asked for, inside the drill, in time order", () => {
    const { actions } = planDrill(base);
    const count = (kind: string) => actions.filter((a) => a.kind === kind).length;
    expect([count("kill_agent"), count("hang_agent"), count("kill_runner"), count("restart_redis")]).toEqual([
      100, 1, 2, 1,
    ]);
    expect(actions.every((a) => a.at > 0 && a.at < 60_000)).toBe(true);
    expect(actions.map((a) => a.at)).toEqual([...actions.map((a) => a.at)].sort((a, b) => a - b));
  });

  it("leaves out what is not asked for", () => {
    const { actions, batches } = planDrill({
      ...base,
      tasks: 7,
      agentKills: 0,
      agentHangs: 0,
      runnerKills: 0,
      redisRestart: false,
    });
    expect(actions).toEqual([]);
    expect(batches.reduce((sum, b) => sum + b.count, 0)).toBe(7);
  });

  it("spreads moments evenly between two ends", () => {
    expect(spread(3, 0, 100)).toEqual([0, 50, 100]);
    expect(spread(1, 0, 100)).toEqual([50]);
    expect(spread(0, 0, 100)).toEqual([]);
  });
});

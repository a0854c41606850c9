import { describe, expect, it } from "vitest";
import { surplus } from "./rebalance";

const tasks = (agent: string, role: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `${agent}-${i}`, agent_id: agent, role }));

describe("spreading a backlog over new agents", () => {
  it("takes from each agent what it holds beyond its fair share, newest first", () => {
    const waiting = [...tasks("a", "worker", 10), ...tasks("b", "worker", 2)];
    const agents = ["a", "b", "c", "d"].map((id) => ({ id, role: "worker" }));
    const moved = surplus(waiting, agents);
    expect(moved.map((t) => t.id)).toEqual(["a-0", "a-1", "a-2", "a-3", "a-4", "a-5", "a-6"]);
  });

  it("leaves a role alone when it has a single agent, and other roles' agents do not count", () => {
    const waiting = [...tasks("a", "worker", 10), ...tasks("s", "supervisor", 4)];
    expect(
      surplus(waiting, [
        { id: "a", role: "worker" },
        { id: "s", role: "supervisor" },
        { id: "t", role: "supervisor" },
      ]).map((t) => t.agent_id),
    ).toEqual(["s", "s"]);
  });
});

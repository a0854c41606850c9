import { describe, expect, it } from "vitest";
import type { AgentDto, HierarchyNodeDto } from "../schemas/cluster-api";
import { renderTree } from "./render-tree";

const node = (key: string, subordinates: HierarchyNodeDto[] = []): HierarchyNodeDto => ({
  agent: { key } as AgentDto,
  subordinates,
});

describe("renderTree", () => {
  it("draws each subordinate under its head, the last of each level with a corner", () => {
    const roots = [node("head", [node("lead-1", [node("w-1"), node("w-2")]), node("lead-2", [node("w-3")])])];
    expect(renderTree(roots, (n) => n.agent.key)).toEqual([
      "head",
      "├─ lead-1",
      "│  ├─ w-1",
      "│  └─ w-2",
      "└─ lead-2",
      "   └─ w-3",
    ]);
  });
});

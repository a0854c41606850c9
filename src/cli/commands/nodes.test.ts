import { describe, expect, it } from "vitest";
import type { NodeDto } from "../../schemas/node-api";
import { nodesCommand, nodesTable } from "./nodes";

const node: NodeDto = {
  id: "gpu-1",
  hostname: "gpu-1",
  address: "10.0.0.7",
  labels: { gpu: "a100" },
  state: "draining",
  capacity: 20,
  running: 3,
  agents: [
    { clusterId: "c1", clusterName: "one", count: 2 },
    { clusterId: "c2", clusterName: "two", count: 1 },
  ],
  cpuPercent: 12.5,
  memoryUsedMb: 900,
  memoryTotalMb: 4096,
  lastHeartbeatAt: "2026-12-01T10:00:00.000Z",
  startedAt: "2026-12-01T09:00:00.000Z",
  drainingSince: "2026-12-01T10:00:00.000Z",
  lostAt: null,
  failovers: 1,
  lastFailoverMs: 4200,
};

describe("myzel nodes", () => {
  it("lists nodes with their state, labels, agents against capacity and failovers", () => {
    const text = nodesTable([node]);
    for (const part of [
      "gpu-1",
      "draining",
      "10.0.0.7",
      "gpu=a100",
      "3/20",
      "12.5%",
      "900/4096 MB",
      "1 (last 4200 ms)",
    ])
      expect(text).toContain(part);
  });

  it("drains through the typed client and says how many agents move", async () => {
    const lines: string[] = [];
    const calls: string[] = [];
    const client = {
      nodes: {
        drain: {
          mutate: async ({ id }: { id: string }) => {
            calls.push(id);
            return { node, moved: 3 };
          },
        },
      },
    };
    const command = nodesCommand(
      () => client as never,
      (line) => lines.push(line),
    );
    await command.parseAsync(["drain", "gpu-1"], { from: "user" });
    expect(calls).toEqual(["gpu-1"]);
    expect(lines).toEqual(["gpu-1: draining, 3 agents move to other nodes"]);
  });
});

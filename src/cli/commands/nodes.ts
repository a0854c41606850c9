/**
 * `myzel nodes list|cordon|uncordon|drain|rebalance`: the node API from the command line, through
 * the typed client. `nodesCommand(client)` returns the commander command; the program that adds
 * it (src/cli) says where the server is and as whom.
 */
import Table from "cli-table3";
import { Command } from "commander";
import pc from "picocolors";
import type { MyzelClient } from "../../client";
import type { NodeDto } from "../../schemas/node-api";

type Print = (line: string) => void;

const STATE_COLOUR: Record<NodeDto["state"], (text: string) => string> = {
  ready: pc.green,
  cordoned: pc.yellow,
  draining: pc.cyan,
  lost: pc.red,
};

/** The node list as a table: one row per node, its agents summed over clusters. */
export function nodesTable(nodes: readonly NodeDto[]): string {
  const table = new Table({
    head: ["NODE", "STATE", "ADDRESS", "LABELS", "AGENTS", "CPU", "MEMORY", "HEARTBEAT", "FAILOVERS"],
  });
  for (const node of nodes)
    table.push([
      node.id,
      STATE_COLOUR[node.state](node.state),
      node.address ?? "-",
      Object.entries(node.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",") || "-",
      `${node.agents.reduce((sum, a) => sum + a.count, 0)}/${node.capacity}`,
      node.cpuPercent === null ? "-" : `${node.cpuPercent}%`,
      node.memoryUsedMb === null ? "-" : `${node.memoryUsedMb}/${node.memoryTotalMb} MB`,
      node.lastHeartbeatAt ?? "-",
      node.lastFailoverMs === null ? String(node.failovers) : `${node.failovers} (last ${node.lastFailoverMs} ms)`,
    ]);
  return table.toString();
}

export function nodesCommand(client: () => MyzelClient, print: Print = console.log): Command {
  const nodes = new Command("nodes").description("the hosts that run agents: list, cordon, uncordon, drain, rebalance");
  nodes
    .command("list")
    .description("every live node, and lost ones not yet removed")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const list = await client().nodes.list.query({});
      print(options.json ? JSON.stringify(list, null, 2) : nodesTable(list));
    });
  const action = (name: "cordon" | "uncordon" | "drain", description: string) =>
    nodes
      .command(`${name} <id>`)
      .description(description)
      .action(async (id: string) => {
        const { node, moved } = await client().nodes[name].mutate({ id });
        print(`${node.id}: ${node.state}${moved ? `, ${moved} agents move to other nodes` : ""}`);
      });
  action("cordon", "place no new agents on the node");
  action("uncordon", "let the node take new agents again (ends a drain)");
  action("drain", "move every agent off the node: each finishes its work, then starts on another node");
  nodes
    .command("rebalance")
    .description("move agents off crowded nodes onto emptier ones")
    .action(async () => {
      const { moved, from } = await client().nodes.rebalance.mutate({});
      print(
        moved ? `${moved} agents move: ${from.map((f) => `${f.agents} off ${f.nodeId}`).join(", ")}` : "nodes are even",
      );
    });
  return nodes;
}

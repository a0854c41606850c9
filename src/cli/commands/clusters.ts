/** `myzel clusters list|get|create|scale|hibernate|reactivate|delete|wait|tree` (top: clusters-top.ts). */
import type { Command } from "commander";
import { CLUSTER_STATUSES } from "../../domain/cluster/lifecycle";
import type { Cluster } from "../answers";
import { act, roleCount, seconds, wholeNumber } from "../command-kit";
import { type CliContext, CliFailure, usageError } from "../context";
import { EXIT, type ExitCode } from "../exit-codes";
import { paintStatus, table } from "../output";
import { renderTree } from "../render-tree";
import { clusterIdOf, waitForCluster } from "../waiting";
import { clustersTopCommand } from "./clusters-top";

type ClusterStatus = Cluster["status"];
const SETTLED: ClusterStatus[] = ["ACTIVE", "HIBERNATED", "DESTROYED"];
const DEFAULT_WAIT_MS = 120_000;

interface WaitOption {
  wait?: boolean;
  timeout?: number;
}

export function clustersCommands(program: Command): void {
  const clusters = program.command("clusters").alias("cluster").description("clusters of agents and their lifecycle");

  clusters
    .command("list")
    .description("the clusters, newest first")
    .option("--status <status>", `only this status (${CLUSTER_STATUSES.join(", ")})`)
    .option("--search <text>", "part of the name")
    .option("--deleted", "include destroyed clusters")
    .action(
      act<{ status?: ClusterStatus; search?: string; deleted?: boolean }>(async (ctx, options) => {
        const items: Cluster[] = [];
        let cursor: string | undefined;
        do {
          const page = await ctx.client.clusters.list.query({
            status: options.status,
            search: options.search,
            includeDeleted: Boolean(options.deleted),
            limit: 200,
            cursor,
          });
          items.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        ctx.print(items, (list) =>
          list.length === 0
            ? "No clusters."
            : table(
                ["ID", "NAME", "STATUS", "AGENTS", "BLUEPRINT"],
                list.map((c) => [
                  c.id,
                  c.name,
                  paintStatus(c.status, ctx.colors),
                  `${c.currentWorkers}/${c.targetWorkers}`,
                  `${c.blueprintId}@${c.blueprintVersion}`,
                ]),
                ctx.colors,
              ),
        );
        return EXIT.ok;
      }),
    );

  clusters
    .command("get <cluster>")
    .description("one cluster by id or name")
    .action(
      act(async (ctx, _options, reference) => {
        const cluster = await ctx.client.clusters.get.query({ id: await clusterIdOf(ctx, reference) });
        ctx.print(cluster, (c) => describeCluster(ctx, c));
        return EXIT.ok;
      }),
    );

  withWait(
    clusters
      .command("create")
      .description("a cluster from a stored blueprint")
      .requiredOption("--blueprint <id>", "metadata.id of the blueprint")
      .requiredOption("--name <name>", "the cluster's name")
      .option("--blueprint-version <version>", "defaults to the newest version not archived")
      .option("--workers <n>", "agents in total (defaults to the blueprint's smallest size)", wholeNumber),
  ).action(
    act<WaitOption & { blueprint: string; name: string; blueprintVersion?: string; workers?: number }>(
      async (ctx, options) => {
        const created = await ctx.client.clusters.create.mutate({
          blueprintId: options.blueprint,
          blueprintVersion: options.blueprintVersion,
          name: options.name,
          targetWorkers: options.workers,
        });
        ctx.note(`Cluster ${created.id} created (${created.status}).`);
        return settle(ctx, created, ["ACTIVE"], options);
      },
    ),
  );

  withWait(
    clusters
      .command("scale <cluster>")
      .description("change how many agents it plans: in total, or per role")
      .option("--workers <n>", "agents in total", wholeNumber)
      .option("--role <role=count>", "agents of one role (repeatable)", roleCount),
  ).action(
    act<WaitOption & { workers?: number; role?: Record<string, number> }>(async (ctx, options, reference) => {
      if ((options.workers === undefined) === (options.role === undefined))
        throw usageError("give either --workers N or --role ROLE=COUNT");
      const scaled = await ctx.client.clusters.scale.mutate({
        id: await clusterIdOf(ctx, reference),
        targetWorkers: options.workers,
        roles: options.role,
      });
      ctx.note(`Cluster ${scaled.id} now plans ${scaled.targetWorkers} agents (${scaled.status}).`);
      return settle(ctx, scaled, ["ACTIVE"], options);
    }),
  );

  for (const [verb, description, goal] of [
    ["hibernate", "stop its agents, keep its plan (reactivate brings them back)", "HIBERNATED"],
    ["reactivate", "start a hibernated cluster's agents again", "ACTIVE"],
    ["delete", "destroy it: its agents stop, its tasks are failed with a reason", "DESTROYED"],
  ] as const) {
    withWait(clusters.command(`${verb} <cluster>`).description(description)).action(
      act<WaitOption>(async (ctx, options, reference) => {
        const id = await clusterIdOf(ctx, reference);
        const changed = await ctx.client.clusters[verb].mutate({ id });
        ctx.note(`Cluster ${id}: ${verb} asked (${changed.status}).`);
        return settle(ctx, changed, [goal], options);
      }),
    );
  }

  clusters
    .command("wait <cluster>")
    .description("wait until it is in a status (default: ACTIVE)")
    .option("--status <status...>", "one or more statuses", ["ACTIVE"])
    .option("--timeout <seconds>", "give up after this long (exit 9)", seconds, DEFAULT_WAIT_MS)
    .action(
      act<{ status: ClusterStatus[]; timeout: number }>(async (ctx, options, reference) => {
        const id = await clusterIdOf(ctx, reference);
        const cluster = await waitForCluster(ctx, id, options.status, options.timeout);
        ctx.print(cluster, (c) => describeCluster(ctx, c));
        return cluster.timedOut ? EXIT.timeout : EXIT.ok;
      }),
    );

  clusters
    .command("tree <cluster>")
    .description("its supervisor → lead → worker tree")
    .action(
      act(async (ctx, _options, reference) => {
        const tree = await ctx.client.hierarchy.get.query({ id: await clusterIdOf(ctx, reference) });
        ctx.print(
          tree,
          (t) =>
            renderTree(
              t.roots,
              ({ agent }) =>
                `${agent.key} ${ctx.colors.dim(agent.role)} ${paintStatus(agent.status, ctx.colors)}${agent.pid ? ctx.colors.dim(` pid ${agent.pid}`) : ""}`,
            ).join("\n") || "No agents.",
        );
        return EXIT.ok;
      }),
    );

  clustersTopCommand(clusters);
}

function withWait(command: Command): Command {
  return command
    .option("--wait", "wait until the change is done (progress on stderr)")
    .option("--timeout <seconds>", "with --wait: give up after this long (exit 9)", seconds, DEFAULT_WAIT_MS);
}

/** Prints the cluster — after waiting for `goal` when --wait was given. */
async function settle(
  ctx: CliContext,
  cluster: Cluster,
  goal: ClusterStatus[],
  options: WaitOption,
): Promise<ExitCode> {
  if (!options.wait) {
    ctx.print(cluster, (c) => describeCluster(ctx, c));
    return EXIT.ok;
  }
  ctx.note(`Waiting for ${goal.join(" or ")}…`);
  // A cluster that lands somewhere else for good (destroyed while we waited) ends the wait too.
  const settled = await waitForCluster(
    ctx,
    cluster.id,
    [...new Set([...goal, ...SETTLED])],
    options.timeout ?? DEFAULT_WAIT_MS,
  );
  ctx.print(settled, (c) => describeCluster(ctx, c));
  if (settled.timedOut) return EXIT.timeout;
  if (!goal.includes(settled.status))
    throw new CliFailure(`cluster ${settled.id} ended ${settled.status}, not ${goal.join(" or ")}`, EXIT.failed);
  return EXIT.ok;
}

function describeCluster(ctx: CliContext, c: Cluster): string {
  const roles = Object.entries(c.roleTargets)
    .map(([role, count]) => `${role}=${count}`)
    .join(" ");
  return [
    `${ctx.colors.bold(c.name)}  ${c.id}`,
    `  status     ${paintStatus(c.status, ctx.colors)}${"timedOut" in c && c.timedOut ? ctx.colors.yellow(" (wait timed out)") : ""}`,
    `  agents     ${c.currentWorkers} running, ${c.targetWorkers} planned (${c.minWorkers}-${c.maxWorkers})`,
    `  roles      ${roles || "-"}`,
    `  blueprint  ${c.blueprintId}@${c.blueprintVersion}, routing ${c.routingStrategy}`,
  ].join("\n");
}

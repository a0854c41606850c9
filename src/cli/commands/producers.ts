/** `myzel producers create|list|revoke`: Redis users that may add jobs to clusters' control queues (admins). */
import type { Command } from "commander";
import type { ProducerDto } from "../../schemas/producer-api";
import { act } from "../command-kit";
import { EXIT } from "../exit-codes";
import { table } from "../output";
import { clusterIdOf } from "../waiting";

export function producersCommands(program: Command): void {
  const producers = program.command("producers").alias("producer").description("queue producers (admins)");

  producers
    .command("create")
    .description("a producer for some clusters; prints its redis:// URL, once")
    .requiredOption(
      "--clusters <ids>",
      "the clusters (ids or names, comma-separated) whose control queues it may add jobs to",
    )
    .option("--name <name>", "a name for people")
    .action(
      act<{ clusters: string; name?: string }>(async (ctx, options) => {
        const references = options.clusters
          .split(",")
          .map((c) => c.trim())
          .filter(Boolean);
        const clusterIds = await Promise.all(references.map((reference) => clusterIdOf(ctx, reference)));
        const created = await ctx.client.producers.create.mutate({
          name: options.name ?? `producer of ${references.join(",")}`,
          clusterIds,
        });
        ctx.print(created, (c) =>
          [
            `Producer ${c.info.id} (${c.info.user}) may add jobs to: ${c.info.clusterIds.join(", ")}`,
            "Its Redis URL, shown only now:",
            c.redisUrl,
          ].join("\n"),
        );
        return EXIT.ok;
      }),
    );

  producers
    .command("list")
    .description("every producer, revoked ones too")
    .action(
      act(async (ctx) => {
        const all: ProducerDto[] = [];
        let cursor: string | undefined;
        do {
          const page = await ctx.client.producers.list.query({ limit: 200, cursor });
          all.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        ctx.print(all, (items) =>
          table(
            ["ID", "STATE", "NAME", "CLUSTERS"],
            items.map((p) => [p.id, p.revokedAt ? "revoked" : "active", p.name, p.clusterIds.join(", ")]),
            ctx.colors,
          ),
        );
        return EXIT.ok;
      }),
    );

  producers
    .command("revoke <id>")
    .description("revoke a producer: its Redis user is removed at once")
    .action(
      act(async (ctx, _options, id) => {
        const revoked = await ctx.client.producers.revoke.mutate({ producerId: id });
        ctx.print(revoked, (p) => `Producer ${p.id} revoked; its Redis user is gone.`);
        return EXIT.ok;
      }),
    );
}

/** `myzel heal [--dry-run] [--cluster C]`: a healing pass asked for now, or what one would do. */
import type { Command } from "commander";
import { act } from "../command-kit";
import { EXIT } from "../exit-codes";
import { paintStatus } from "../output";
import { clusterIdOf } from "../waiting";

export function healCommand(program: Command): void {
  program
    .command("heal")
    .description("check the infrastructure (or a cluster's agents and tasks) and repair what is wrong")
    .option("--dry-run", "only say what would be done")
    .option("--cluster <cluster>", "heal this cluster's agents and tasks instead of the infrastructure")
    .action(
      act<{ dryRun?: boolean; cluster?: string }>(async (ctx, options) => {
        const report = await ctx.client.healing.heal.mutate({
          dryRun: Boolean(options.dryRun),
          clusterId: options.cluster ? await clusterIdOf(ctx, options.cluster) : undefined,
        });
        ctx.print(report, (r) => {
          const s = r.sample;
          const lines = [
            `${r.dryRun ? "Dry run: nothing was changed." : "Healing pass done."}`,
            `  cpu ${Math.round(s.cpuPercent)}%  memory ${Math.round(s.memoryPercent)}%  disk ${Math.round(s.diskPercent)}%  redis ${paintStatus(s.redis?.status ?? (s.redisUp ? "up" : "down"), ctx.colors)}  database ${paintStatus(s.database?.status ?? (s.databaseUp ? "up" : "down"), ctx.colors)}`,
          ];
          if (r.findings.length === 0) lines.push(ctx.colors.green("  nothing to heal"));
          for (const f of r.findings) {
            lines.push(`  ${f.severity} ${ctx.colors.bold(f.kind)}: ${f.detail}`);
            for (const action of f.actions) lines.push(`    ${r.dryRun ? "would" : "will"}: ${action}`);
            for (const result of f.results)
              lines.push(`    ${paintStatus(result.outcome, ctx.colors)} ${result.action}: ${result.detail}`);
          }
          return lines.join("\n");
        });
        return EXIT.ok;
      }),
    );
}

/**
 * `myzel manifest blueprint|cluster`: the Markdown manifest of a stored blueprint or of a
 * cluster, printed or written to a file. `myzel blueprints upload file.md` sends it back.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { ManifestDto } from "../../schemas/manifest-api";
import { act } from "../command-kit";
import { type CliContext, CliFailure } from "../context";
import { EXIT } from "../exit-codes";
import { clusterIdOf } from "../waiting";

export function manifestCommands(program: Command): void {
  const manifest = program
    .command("manifest")
    .description("Markdown manifests: a blueprint or cluster explained, with the blueprint as front matter");

  manifest
    .command("blueprint <id>")
    .description("the manifest of a stored blueprint (the newest version not archived, or --blueprint-version)")
    .option("--blueprint-version <version>", "this version")
    .option("-o, --output <file>", "write it to this file (use the name the server suggests with -o .)")
    .action(
      act<{ blueprintVersion?: string; output?: string }>(async (ctx, options, id) => {
        const answer = await ctx.client.blueprints.manifest.query({ id, version: options.blueprintVersion });
        return emit(ctx, answer, options.output);
      }),
    );

  manifest
    .command("cluster <cluster>")
    .description("the manifest of a cluster (by id or name): its blueprint, state and recent figures")
    .option("-o, --output <file>", "write it to this file (use the name the server suggests with -o .)")
    .action(
      act<{ output?: string }>(async (ctx, options, reference) => {
        const answer = await ctx.client.clusters.manifest.query({ id: await clusterIdOf(ctx, reference) });
        return emit(ctx, answer, options.output);
      }),
    );
}

/** Prints the Markdown as it is (or, with --json, the whole answer), or writes it to a file. */
function emit(ctx: CliContext, answer: ManifestDto, output: string | undefined) {
  if (output === undefined) {
    ctx.print(answer, (a) => a.markdown.replace(/\n$/, ""));
    return EXIT.ok;
  }
  const file = output === "." ? answer.filename : output;
  try {
    writeFileSync(file, answer.markdown);
  } catch (error) {
    throw new CliFailure(`cannot write ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  ctx.print({ file, filename: answer.filename }, () => `Wrote ${file}.`);
  return EXIT.ok;
}

/**
 * `myzel blueprints list|validate|upload|diff`: YAML files checked, stored and compared. A file
 * ending in .md is a manifest (Markdown with the blueprint as front matter) and is sent as one.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { parse } from "yaml";
import { looksLikeManifest } from "../../domain/manifest/parse-manifest";
import { act } from "../command-kit";
import { type CliContext, CliFailure } from "../context";
import { EXIT } from "../exit-codes";
import { table } from "../output";
import { unifiedDiff } from "../text-diff";

export function blueprintsCommands(program: Command): void {
  const blueprints = program.command("blueprints").alias("blueprint").description("YAML blueprints of clusters");

  blueprints
    .command("list")
    .description("the newest version of each blueprint")
    .option("--archived", "also blueprints whose every version is archived")
    .action(
      act<{ archived?: boolean }>(async (ctx, options) => {
        const list = await ctx.client.blueprints.list.query({ includeArchived: Boolean(options.archived) });
        ctx.print(list, (items) =>
          table(
            ["ID", "VERSION", "NAME", "TYPE", "ROLES", "WORKERS", "VERSIONS"],
            items.map((b) => [
              b.id,
              b.version,
              b.name,
              b.clusterType,
              b.roles,
              `${b.minWorkers}-${b.maxWorkers}`,
              b.versions.length,
            ]),
            ctx.colors,
          ),
        );
        return EXIT.ok;
      }),
    );

  blueprints
    .command("validate <file>")
    .description("check a blueprint or a manifest (.md) without storing it (exit 6 with each issue at its line)")
    .action(
      act(async (ctx, _options, file) => {
        const result = await ctx.client.blueprints.validate.mutate(sourceOf(file));
        ctx.print(result, (r) =>
          r.valid
            ? `${file}: ${ctx.colors.green("valid")}`
            : [
                `${file}: ${ctx.colors.red(`${r.issues.length} issue(s)`)}`,
                ...r.issues.map((i) => `  ${where(file, i)} ${i.message}`),
              ].join("\n"),
        );
        return result.valid ? EXIT.ok : EXIT.validation;
      }),
    );

  blueprints
    .command("upload <file>")
    .description("store a blueprint version from YAML or a manifest (.md) (admins)")
    .action(
      act(async (ctx, _options, file) => {
        const { created, blueprint } = await ctx.client.blueprints.upload.mutate(sourceOf(file));
        ctx.print({ created, id: blueprint.id, version: blueprint.version, name: blueprint.name }, () =>
          created
            ? `Stored ${blueprint.id}@${blueprint.version} (${blueprint.name}).`
            : `${blueprint.id}@${blueprint.version} was already stored with the same content.`,
        );
        return EXIT.ok;
      }),
    );

  blueprints
    .command("diff <file>")
    .description("the stored blueprint against a file (exit 0 when equal, 1 when they differ, like diff)")
    .option("--id <id>", "the stored blueprint (defaults to the file's metadata.id)")
    .option("--blueprint-version <version>", "the stored version (defaults to the newest not archived)")
    .action(
      act<{ id?: string; blueprintVersion?: string }>(async (ctx, options, file) => {
        const source = readSource(file);
        const id = options.id ?? metadataIdOf(file, source);
        const stored = await ctx.client.blueprints.get.query({ id, version: options.blueprintVersion });
        const lines = unifiedDiff(stored.source, source, [`${id}@${stored.version} (stored)`, file]);
        ctx.print({ id, version: stored.version, equal: lines.length === 0, diff: lines }, () =>
          lines.length === 0
            ? `${file} is the same as ${id}@${stored.version}.`
            : lines.map((l) => paintDiff(ctx, l)).join("\n"),
        );
        return lines.length === 0 ? EXIT.ok : EXIT.failed;
      }),
    );
}

/** The upload's body: a manifest for a Markdown file, else YAML. */
function sourceOf(file: string): { yaml: string } | { manifest: string } {
  const text = readSource(file);
  return /\.(md|markdown)$/i.test(file) || looksLikeManifest(text) ? { manifest: text } : { yaml: text };
}

function readSource(file: string): string {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    throw new CliFailure(`cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
}

function metadataIdOf(file: string, source: string): string {
  let id: unknown;
  try {
    id = (parse(source) as { metadata?: { id?: unknown } } | null)?.metadata?.id;
  } catch {
    // Not YAML: the id must be given.
  }
  if (typeof id !== "string") throw new CliFailure(`${file} names no metadata.id: give --id`, EXIT.usage);
  return id;
}

const where = (file: string, issue: { path: string; line?: number; column?: number }) =>
  issue.line ? `${file}:${issue.line}:${issue.column ?? 1}` : issue.path || "(document)";

function paintDiff(ctx: CliContext, line: string): string {
  if (line.startsWith("+") && !line.startsWith("+++")) return ctx.colors.green(line);
  if (line.startsWith("-") && !line.startsWith("---")) return ctx.colors.red(line);
  if (line.startsWith("@@")) return ctx.colors.cyan(line);
  return line;
}

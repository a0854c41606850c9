/** API contracts of blueprints: upload (YAML text), list, detail, archive and delete. */
import { z } from "zod";
import { MAX_BLUEPRINT_BYTES } from "../domain/blueprint/parse-blueprint";
import { MAX_MANIFEST_BYTES } from "../domain/manifest/parse-manifest";
import { isoDate, issueSchema } from "./common";

/** A blueprint as YAML, or a manifest (Markdown whose front matter is the YAML): exactly one of them. */
export const blueprintSourceInput = z
  .strictObject({
    yaml: z
      .string()
      .min(1, "the blueprint is empty")
      .max(MAX_BLUEPRINT_BYTES, `a blueprint may be at most ${MAX_BLUEPRINT_BYTES / 1024} KiB`)
      .optional()
      .describe("the blueprint as YAML"),
    manifest: z
      .string()
      .min(1, "the manifest is empty")
      .max(MAX_MANIFEST_BYTES, `a manifest may be at most ${MAX_MANIFEST_BYTES / 1024} KiB`)
      .optional()
      .describe("a manifest: Markdown whose front matter (between the first two '---' lines) is the blueprint"),
  })
  .superRefine((input, ctx) => {
    const given = [input.yaml, input.manifest].filter((text) => text !== undefined).length;
    if (given !== 1)
      ctx.addIssue({
        code: "custom",
        message:
          given === 0 ? "send the blueprint as `yaml` or as a `manifest`" : "send `yaml` or `manifest`, not both",
      });
  });

export const blueprintSummary = z
  .object({
    id: z.string().describe("metadata.id of the blueprint, e.g. marketing-v1"),
    version: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    clusterType: z.string(),
    roles: z.number().int(),
    minWorkers: z.number().int(),
    maxWorkers: z.number().int(),
    versions: z.array(z.string()).describe("every stored version, newest first (archived ones included)"),
    archivedVersions: z
      .array(z.string())
      .describe("the versions that are archived: they start no new clusters; clusters made from them run on"),
    archivedAt: isoDate.nullable().describe("when this version was archived; null while it starts new clusters"),
    createdAt: isoDate,
    origin: z.string().describe("file (loaded from the blueprints folder) or api"),
  })
  .meta({ id: "BlueprintSummary" });

export const blueprintDetail = blueprintSummary
  .extend({
    rowId: z.string(),
    source: z.string().describe("the YAML as uploaded"),
    definition: z.record(z.string(), z.unknown()).describe("the parsed blueprint, defaults filled in"),
    defaultTargetWorkers: z.number().int(),
    workerBounds: z.object({ min: z.number().int(), max: z.number().int() }),
  })
  .meta({ id: "Blueprint" });

export const blueprintUploadResult = z
  .object({
    created: z.boolean().describe("false when this exact version was already stored with the same content"),
    blueprint: blueprintDetail,
  })
  .meta({ id: "BlueprintUploadResult" });

export const blueprintValidation = z
  .object({
    valid: z.boolean(),
    issues: z.array(issueSchema),
  })
  .meta({ id: "BlueprintValidation" });

export const blueprintGetInput = z.strictObject({
  id: z.string().min(1),
  version: z.string().optional(),
});

export const blueprintListInput = z.strictObject({
  includeArchived: z.boolean().default(false).describe("also list blueprints whose every version is archived"),
});

/** One version, or with no version every version of the blueprint. */
export const blueprintVersionsInput = z.strictObject({
  id: z.string().min(1).describe("metadata.id of the blueprint"),
  version: z.string().min(1).optional().describe("one version; without it, every version"),
});

export const blueprintVersionStates = z.object({
  id: z.string(),
  versions: z
    .array(
      z.object({
        version: z.string(),
        archivedAt: isoDate.nullable(),
        deletedAt: isoDate.nullable(),
      }),
    )
    .describe("the versions the request acted on, newest first, as they are now"),
});

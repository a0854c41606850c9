/** API contracts of manifests: the Markdown document of a blueprint or a cluster, as a download. */
import { z } from "zod";

export const manifestSchema = z
  .object({
    filename: z.string().describe("a file name to save it under, e.g. marketing-v1-1.0.0.md"),
    contentType: z.literal("text/markdown; charset=utf-8"),
    markdown: z
      .string()
      .describe(
        "the manifest: the blueprint as YAML front matter, then what it means in words; upload it to POST /api/blueprints as text/markdown",
      ),
  })
  .meta({ id: "Manifest" });

export type ManifestDto = z.infer<typeof manifestSchema>;

export const blueprintManifestInput = z.strictObject({
  id: z.string().min(1).describe("metadata.id of the blueprint"),
  version: z.string().min(1).optional().describe("a version; without it, the newest not archived"),
});

import { z } from "zod";
import {
  blueprintDetail,
  blueprintGetInput,
  blueprintSourceInput,
  blueprintSummary,
  blueprintUploadResult,
  blueprintValidation,
} from "../../schemas/blueprint-api";
import { noInput } from "../../schemas/common";
import { checkBlueprintSource, getBlueprint, listBlueprints, uploadBlueprint } from "../../services/blueprints";
import { adminProcedure, router, viewerProcedure } from "../trpc";

const tags = ["blueprints"];

export const blueprintsRouter = router({
  list: viewerProcedure
    .meta({
      openapi: { method: "GET", path: "/api/blueprints", tags, summary: "List blueprints (newest version of each)" },
    })
    .input(noInput)
    .output(z.array(blueprintSummary))
    .query(({ ctx }) => listBlueprints(ctx.db)),

  get: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/blueprints/{id}",
        tags,
        summary: "A blueprint (newest version, or ?version=)",
      },
    })
    .input(blueprintGetInput)
    .output(blueprintDetail)
    .query(({ ctx, input }) => getBlueprint(ctx.db, input.id, input.version)),

  upload: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/blueprints",
        tags,
        summary: "Upload a blueprint",
        description:
          'Send `{ "yaml": "..." }` as JSON, or the YAML itself with `Content-Type: application/yaml`. A new metadata.version publishes a new version; clusters keep the version they were created from.',
      },
    })
    .input(blueprintSourceInput)
    .output(blueprintUploadResult)
    .mutation(({ ctx, input }) => uploadBlueprint(ctx.db, input.yaml, "api")),

  validate: viewerProcedure
    // A check that stores nothing (the upload form runs it as you type): not an audited change.
    .meta({
      audit: false,
      openapi: {
        method: "POST",
        path: "/api/blueprints/validate",
        tags,
        summary: "Check a blueprint without storing it",
      },
    })
    .input(blueprintSourceInput)
    .output(blueprintValidation)
    .mutation(({ input }) => {
      const result = checkBlueprintSource(input.yaml);
      return result.ok ? { valid: true, issues: [] } : { valid: false, issues: result.issues };
    }),
});

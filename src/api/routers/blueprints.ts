import { z } from "zod";
import {
  blueprintDetail,
  blueprintGetInput,
  blueprintListInput,
  blueprintSourceInput,
  blueprintSummary,
  blueprintUploadResult,
  blueprintValidation,
  blueprintVersionStates,
  blueprintVersionsInput,
} from "../../schemas/blueprint-api";
import { blueprintManifestInput, manifestSchema } from "../../schemas/manifest-api";
import { deleteBlueprint, setBlueprintArchived } from "../../services/blueprint-lifecycle";
import { checkBlueprintSource, getBlueprint, listBlueprints, uploadBlueprint } from "../../services/blueprints";
import { blueprintManifest } from "../../services/manifests";
import { adminProcedure, router, viewerProcedure } from "../trpc";

const tags = ["blueprints"];

export const blueprintsRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/blueprints",
        tags,
        summary: "List blueprints (newest version of each that is not archived)",
        description:
          "The newest version of every blueprint that is not archived, each with its roles, worker bounds and when it was uploaded; `archivedVersions` names its archived versions. A blueprint whose every version is archived is left out unless `includeArchived=true`. Older versions stay readable through GET /api/blueprints/{id}?version=.",
      },
    })
    .input(blueprintListInput)
    .output(z.array(blueprintSummary))
    .query(({ ctx, input }) => listBlueprints(ctx.db, input)),

  get: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/blueprints/{id}",
        tags,
        summary: "A blueprint (newest version not archived, or ?version=)",
        description:
          "A blueprint's newest version that is not archived, or the one named by `?version=`, with its YAML source and the parsed document. A named version is served even when archived (clusters made from it link to it); when every version is archived, the newest is served.",
        errorResponses: { 404: "No blueprint with this id, or it has no such version." },
      },
    })
    .input(blueprintGetInput)
    .output(blueprintDetail)
    .query(({ ctx, input }) => getBlueprint(ctx.db, input.id, input.version)),

  manifest: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/blueprints/{id}/manifest",
        tags,
        summary: "A blueprint's manifest (Markdown)",
        description:
          "The blueprint as a Markdown document a person can read and review: its YAML as front matter (as uploaded, comments included), then its purpose, hierarchy, roles, counts, scaling and memory in words. Edited and uploaded to POST /api/blueprints as text/markdown, it publishes a new version. `markdown` is the file; `filename` a name to save it under.",
        errorResponses: { 404: "No blueprint with this id, or it has no such version." },
      },
    })
    .input(blueprintManifestInput)
    .output(manifestSchema)
    .query(({ ctx, input }) => blueprintManifest(ctx, input.id, input.version)),

  upload: adminProcedure
    .meta({
      created: { location: "/api/blueprints/{blueprint.id}?version={blueprint.version}", when: "created" },
      openapi: {
        method: "POST",
        path: "/api/blueprints",
        tags,
        contentTypes: ["application/json", "application/yaml", "text/markdown"],
        summary: "Upload a blueprint (YAML, or a manifest)",
        description:
          'Send `{ "yaml": "..." }` as JSON, or the YAML itself with `Content-Type: application/yaml`; or a manifest (Markdown with the blueprint as front matter, as GET /api/blueprints/{id}/manifest gives it) as `{ "manifest": "..." }` or with `Content-Type: text/markdown` — its front matter is stored as the YAML, and issues point at the manifest\'s lines. A new metadata.version publishes a new version; clusters keep the version they were created from. Uploading the same content again changes nothing (`created: false`).',
        errorResponses: {
          409: "This metadata.version exists already with different content: raise the version to publish a change.",
          422: "The blueprint is not valid: `issues` points at each problem, with its line and column in the YAML.",
        },
      },
    })
    .input(blueprintSourceInput)
    .output(blueprintUploadResult)
    .mutation(({ ctx, input }) => uploadBlueprint(ctx.db, input, "api")),

  validate: viewerProcedure
    // A check that stores nothing (the upload form runs it as you type): not an audited change.
    .meta({
      audit: false,
      openapi: {
        method: "POST",
        path: "/api/blueprints/validate",
        tags,
        contentTypes: ["application/json", "application/yaml", "text/markdown"],
        summary: "Check a blueprint without storing it",
        description:
          'Parses and checks a blueprint exactly as an upload would, and stores nothing. An invalid blueprint is not an error here: the answer is `valid: false` with every issue, its JSON Pointer and its line and column in the YAML (or the manifest). Takes JSON `{ "yaml": "..." }` or `{ "manifest": "..." }`, the YAML itself, or a manifest as text/markdown.',
      },
    })
    .input(blueprintSourceInput)
    .output(blueprintValidation)
    .mutation(({ input }) => {
      const result = checkBlueprintSource(input);
      return result.ok ? { valid: true, issues: [] } : { valid: false, issues: result.issues };
    }),

  archive: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/blueprints/{id}/archive",
        tags,
        summary: "Archive a blueprint version, or every version: it starts no new clusters",
        description:
          'Send `{ "version": "1.0.0" }` for one version, nothing (or `{}`) for every version. Clusters made from it keep running, scaling, hibernating and waking. Creating a cluster from an archived version is refused with 409; with no version named, a new cluster uses the newest version not archived. Archiving what is archived changes nothing.',
      },
    })
    .input(blueprintVersionsInput)
    .output(blueprintVersionStates)
    .mutation(({ ctx, input }) => setBlueprintArchived(ctx.db, input, true)),

  unarchive: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/blueprints/{id}/unarchive",
        tags,
        summary: "Undo archiving: the version (or every version) starts new clusters again",
        description:
          'Send `{ "version": "1.0.0" }` for one version, nothing (or `{}`) for every version. Unarchiving what is not archived changes nothing; an unknown blueprint or version is a 404.',
      },
    })
    .input(blueprintVersionsInput)
    .output(blueprintVersionStates)
    .mutation(({ ctx, input }) => setBlueprintArchived(ctx.db, input, false)),

  delete: adminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/api/blueprints/{id}",
        tags,
        summary: "Delete a blueprint version (?version=), or every version",
        description:
          "Refused with 409, naming them, while a cluster that is not deleted uses a version it would delete. A deleted version is gone from every answer; deleted clusters keep their record of it, and uploading it again brings it back. Deleting it again answers the same; a blueprint that never existed is a 404.",
        errorResponses: {
          404: "No blueprint with this id, or it has no such version.",
          409: "A cluster that is not deleted uses a version this would delete: `issues` names each.",
        },
      },
    })
    .input(blueprintVersionsInput)
    .output(blueprintVersionStates)
    .mutation(({ ctx, input }) => deleteBlueprint(ctx.db, input)),
});

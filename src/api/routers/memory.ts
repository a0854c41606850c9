/** Shared memory for operators and apps: namespaces, values (compare-and-set) and documents (search). */
import { z } from "zod";
import type { Actor } from "../../schemas/auth-api";
import { page } from "../../schemas/common";
import {
  documentCreateInput,
  documentIdInput,
  documentListInput,
  exportSchema,
  importInput,
  importResultSchema,
  memoryDocumentSchema,
  memoryNamespaceSchema,
  memoryValueSchema,
  namespaceCreateInput,
  namespaceIdInput,
  namespaceListInput,
  searchInput,
  searchResultSchema,
  valueDeleteInput,
  valueKeyInput,
  valueListInput,
  valueListSchema,
  valuePutInput,
} from "../../schemas/memory-api";
import {
  createNamespace,
  deleteNamespace,
  getNamespace,
  listNamespaces,
  namespaceFor,
  writableNamespace,
} from "../../services/memory/namespaces";
import {
  createDocument,
  deleteDocument,
  deleteValue,
  getDocument,
  getValue,
  pageOfDocuments,
  pageOfValues,
  putValue,
  search,
} from "../../services/memory/records";
import { exportNamespace, importNamespace } from "../../services/memory/transfer";
import { adminProcedure, operatorProcedure, router, viewerProcedure } from "../trpc";

const tags = ["memory"];
const base = "/api/memory/namespaces";
const archived = { 409: "The namespace is archived (its cluster was destroyed): read-only until it is purged." };
const conflict = {
  409: "expectedVersion is not the current version (the problem's `issues` names the current one), or the namespace is archived.",
};
const deleted = z.object({ deleted: z.boolean() }).meta({ id: "MemoryDeleted" });

/** Who wrote a record, as kept on it: `user:<email>` or `token:<name>`. */
const writer = (actor: Actor) => `${actor.type}:${actor.name}`;

export const memoryRouter = router({
  namespaces: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: base,
        tags,
        summary: "Memory namespaces (of a cluster, or global)",
        description:
          "Memory namespaces with their counts of values and documents: a cluster's (clusterId) or the global ones (global=true); archived ones (of destroyed clusters) only with includeArchived.",
      },
    })
    .input(namespaceListInput)
    .output(page(memoryNamespaceSchema))
    .query(({ ctx, input }) => listNamespaces(ctx.db, input)),

  namespace: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${base}/{namespaceId}`,
        tags,
        summary: "One memory namespace",
        description:
          "One namespace: its cluster (or none: global), search language, counts, and when it was archived and will be purged.",
      },
    })
    .input(namespaceIdInput)
    .output(memoryNamespaceSchema)
    .query(({ ctx, input }) => getNamespace(ctx.db, input.namespaceId)),

  createNamespace: operatorProcedure
    .meta({
      created: {},
      openapi: {
        method: "POST",
        path: base,
        tags,
        summary: "Create a namespace for a cluster, or a global one",
        description:
          "Creates a namespace. A cluster's roles' namespaces are made with the cluster; this adds more, or a global one (no clusterId) that blueprints name as global:<name>.",
        errorResponses: {
          404: "No such cluster (or it is deleted).",
          409: "A namespace of that name exists in that scope.",
        },
      },
    })
    .input(namespaceCreateInput)
    .output(memoryNamespaceSchema)
    .mutation(({ ctx, input }) => createNamespace(ctx, input, writer(ctx.actor))),

  deleteNamespace: adminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: `${base}/{namespaceId}`,
        tags,
        summary: "Delete a namespace with all its values and documents",
        description: "Deletes a namespace and everything in it at once (export it first to keep a copy).",
      },
    })
    .input(namespaceIdInput)
    .output(memoryNamespaceSchema)
    .mutation(({ ctx, input }) => deleteNamespace(ctx, input.namespaceId, writer(ctx.actor))),

  values: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${base}/{namespaceId}/values`,
        tags,
        summary: "Values, by key",
        description:
          "The live values of a namespace in key order (expired ones are left out), a page at a time: pass nextAfter as after.",
      },
    })
    .input(valueListInput)
    .output(valueListSchema)
    .query(async ({ ctx, input: { namespaceId, ...input } }) =>
      pageOfValues(ctx, await namespaceFor(ctx.db, namespaceId), input),
    ),

  getValue: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${base}/{namespaceId}/values/{key}`,
        tags,
        summary: "One value",
        description:
          "One value with its version (for compare-and-set), expiry and who wrote it last; 404 when absent or expired.",
      },
    })
    .input(valueKeyInput)
    .output(memoryValueSchema)
    .query(({ ctx, input }) => getValue(ctx, input.namespaceId, input.key)),

  putValue: operatorProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: `${base}/{namespaceId}/values/{key}`,
        tags,
        summary: "Write a value (compare-and-set with expectedVersion)",
        description:
          "Writes JSON under a key. With expectedVersion the write succeeds only while the key is at that version (0: only if it does not exist); otherwise 409 names the current version.",
        errorResponses: { ...conflict, 413: "The value's JSON is larger than MYZEL_MEMORY_MAX_VALUE_BYTES." },
      },
    })
    .input(valuePutInput)
    .output(memoryValueSchema)
    .mutation(({ ctx, input: { namespaceId, ...input } }) => putValue(ctx, namespaceId, input, writer(ctx.actor))),

  deleteValue: operatorProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: `${base}/{namespaceId}/values/{key}`,
        tags,
        summary: "Delete a value (compare-and-set with expectedVersion)",
        description:
          "Deletes a value; with expectedVersion only while it is at that version. deleted says whether there was one.",
        errorResponses: conflict,
      },
    })
    .input(valueDeleteInput)
    .output(deleted)
    .mutation(async ({ ctx, input }) =>
      deleteValue(
        ctx,
        await writableNamespace(ctx.db, input.namespaceId),
        input.key,
        input.expectedVersion,
        writer(ctx.actor),
      ),
    ),

  documents: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${base}/{namespaceId}/documents`,
        tags,
        summary: "Documents, newest first",
        description: "The documents of a namespace, newest first, optionally only those with a tag; keyset pages.",
      },
    })
    .input(documentListInput)
    .output(page(memoryDocumentSchema))
    .query(async ({ ctx, input: { namespaceId, ...input } }) =>
      pageOfDocuments(ctx, await namespaceFor(ctx.db, namespaceId), input),
    ),

  getDocument: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${base}/{namespaceId}/documents/{documentId}`,
        tags,
        summary: "One document",
        description: "One document with its text, metadata, tags, and who stored it (user:, token: or agent:).",
      },
    })
    .input(documentIdInput)
    .output(memoryDocumentSchema)
    .query(async ({ ctx, input }) => getDocument(ctx, await namespaceFor(ctx.db, input.namespaceId), input.documentId)),

  createDocument: operatorProcedure
    .meta({
      created: {},
      openapi: {
        method: "POST",
        path: `${base}/{namespaceId}/documents`,
        tags,
        summary: "Store a document (text, metadata, tags)",
        description:
          "Stores a document, indexed for full-text search in the namespace's language and for trigram similarity.",
        errorResponses: { ...archived, 413: "The text is larger than MYZEL_MEMORY_MAX_DOCUMENT_BYTES." },
      },
    })
    .input(documentCreateInput)
    .output(memoryDocumentSchema)
    .mutation(async ({ ctx, input: { namespaceId, ...input } }) =>
      createDocument(ctx, await writableNamespace(ctx.db, namespaceId), input, writer(ctx.actor)),
    ),

  deleteDocument: operatorProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: `${base}/{namespaceId}/documents/{documentId}`,
        tags,
        summary: "Delete a document",
        description: "Deletes one document of the namespace; 404 when the namespace holds no document with that id.",
        errorResponses: archived,
      },
    })
    .input(documentIdInput)
    .output(deleted)
    .mutation(async ({ ctx, input }) =>
      deleteDocument(ctx, await writableNamespace(ctx.db, input.namespaceId), input.documentId, writer(ctx.actor)),
    ),

  search: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${base}/{namespaceId}/search`,
        tags,
        summary: "Search documents: full text in the namespace's language, and trigram similarity",
        description:
          "Finds documents matching any word of q (stemmed in the namespace's language) or spelled alike (pg_trgm), ranked by both; tags narrows to documents with all of them.",
      },
    })
    .input(searchInput)
    .output(searchResultSchema)
    .query(async ({ ctx, input: { namespaceId, ...input } }) =>
      search(ctx, await namespaceFor(ctx.db, namespaceId), input),
    ),

  export: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${base}/{namespaceId}/export`,
        tags,
        summary: "Export a namespace as JSON lines",
        description:
          "Every live value (with version and expiry) and every document of the namespace, one JSON object a line, ready for import.",
        errorResponses: { 413: "More records than one export holds (200,000)." },
      },
    })
    .input(namespaceIdInput)
    .output(exportSchema)
    .query(async ({ ctx, input }) => exportNamespace(ctx, await namespaceFor(ctx.db, input.namespaceId))),

  import: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: `${base}/{namespaceId}/import`,
        tags,
        summary: "Import JSON lines (as an export gives them) into a namespace",
        description:
          "Every line is checked before any is written: a bad line stores nothing and is named in `issues`. Values are written as given; documents keep their ids, so importing twice adds nothing.",
        errorResponses: { ...archived, 413: "A value or document is larger than the limits." },
      },
    })
    .input(importInput)
    .output(importResultSchema)
    .mutation(async ({ ctx, input }) =>
      importNamespace(ctx, await writableNamespace(ctx.db, input.namespaceId), input.jsonl, writer(ctx.actor)),
    ),
});

/**
 * Shared memory as agents reach it — their processes and the `myzel-memory` command of their tools
 * — with the credential their runner gave them (MYZEL_MEMORY_TOKEN). Namespaces go by name,
 * relative to the agent's cluster, and only those its role was given.
 */
import { z } from "zod";
import {
  agentDocumentCreateInput,
  agentMemoryInfoSchema,
  agentSearchInput,
  agentValueDeleteInput,
  agentValueGetInput,
  agentValuePutInput,
  memoryDocumentSchema,
  memoryValueSchema,
  searchResultSchema,
} from "../../schemas/memory-api";
import { AppError } from "../../services/app-error";
import { agentGrantsDto, agentNamespace, agentWriter } from "../../services/memory/agent-memory";
import { createDocument, deleteValue, getValue, putValue, search } from "../../services/memory/records";
import { agentProcedure, router } from "../trpc";

const tags = ["memory"];
const base = "/api/agent-memory";
const agentErrors = {
  401: "No valid agent credential (MYZEL_MEMORY_TOKEN).",
  403: "The agent's role was not given this namespace (the problem says which it may use), or the credential is an API token or a session.",
};
const writeErrors = {
  ...agentErrors,
  409: "expectedVersion is not the current version (`issues` names it), or the namespace is archived.",
  413: "Larger than the memory limits.",
};

export const agentMemoryRouter = router({
  grants: agentProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${base}/grants`,
        tags,
        summary: "The namespaces this agent may use",
        description:
          "The namespaces this agent's role may read and write, and its own (where put and search go by default).",
        errorResponses: agentErrors,
      },
    })
    .input(z.strictObject({}))
    .output(agentMemoryInfoSchema)
    .query(({ ctx }) => agentGrantsDto(ctx.agent)),

  getValue: agentProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${base}/values/{key}`,
        tags,
        summary: "Read a value",
        description: "Reads a value of a namespace the agent may read (its own unless namespace names another).",
        errorResponses: agentErrors,
      },
    })
    .input(agentValueGetInput)
    .output(memoryValueSchema)
    .query(async ({ ctx, input }) => {
      const namespace = await agentNamespace(ctx.db, ctx.agent, input.namespace, "read");
      if (!namespace) throw new AppError("NOT_FOUND", `no value "${input.key}" (the namespace is empty)`);
      return getValue(ctx, namespace.id, input.key);
    }),

  putValue: agentProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: `${base}/values/{key}`,
        tags,
        summary: "Write a value (compare-and-set with expectedVersion)",
        description:
          "Writes a value to a namespace the agent may write; with expectedVersion only while the key is at that version.",
        errorResponses: writeErrors,
      },
    })
    .input(agentValuePutInput)
    .output(memoryValueSchema)
    .mutation(async ({ ctx, input: { namespace, ...input } }) =>
      putValue(ctx, (await agentNamespace(ctx.db, ctx.agent, namespace, "write")).id, input, agentWriter(ctx.agent)),
    ),

  deleteValue: agentProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: `${base}/values/{key}`,
        tags,
        summary: "Delete a value",
        description:
          "Deletes a value of a namespace the agent may write; with expectedVersion only while it is at that version.",
        errorResponses: writeErrors,
      },
    })
    .input(agentValueDeleteInput)
    .output(z.object({ deleted: z.boolean() }))
    .mutation(async ({ ctx, input }) =>
      deleteValue(
        ctx,
        await agentNamespace(ctx.db, ctx.agent, input.namespace, "write"),
        input.key,
        input.expectedVersion,
        agentWriter(ctx.agent),
      ),
    ),

  createDocument: agentProcedure
    .meta({
      openapi: {
        method: "POST",
        path: `${base}/documents`,
        tags,
        summary: "Store a document",
        description: "Stores a document in a namespace the agent may write, recorded as written by the agent.",
        errorResponses: writeErrors,
      },
    })
    .input(agentDocumentCreateInput)
    .output(memoryDocumentSchema)
    .mutation(async ({ ctx, input: { namespace, ...input } }) =>
      createDocument(ctx, await agentNamespace(ctx.db, ctx.agent, namespace, "write"), input, agentWriter(ctx.agent)),
    ),

  search: agentProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${base}/search`,
        tags,
        summary: "Search documents",
        description: "Searches a namespace the agent may read: any word of q in full text, and similar spellings.",
        errorResponses: agentErrors,
      },
    })
    .input(agentSearchInput)
    .output(searchResultSchema)
    .query(async ({ ctx, input: { namespace, ...input } }) => {
      const found = await agentNamespace(ctx.db, ctx.agent, namespace, "read");
      return found ? search(ctx, found, input) : { hits: [], trigram: false };
    }),
});

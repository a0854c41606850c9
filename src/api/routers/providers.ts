/** Providers (LLM endpoints with fleet-wide limits) and model prices: admins change them, everyone reads. */
import { z } from "zod";
import { noInput } from "../../schemas/common";
import {
  modelNameInput,
  modelPriceInput,
  modelPriceSchema,
  providerInput,
  providerNameInput,
  providerSchema,
  providerWithUsageSchema,
} from "../../schemas/provider-api";
import {
  deletePrice,
  deleteProvider,
  getProvider,
  listPrices,
  listProviders,
  putPrice,
  putProvider,
} from "../../services/providers";
import { adminProcedure, router, viewerProcedure } from "../trpc";

const tags = ["providers"];
const notFound = { 404: "No provider has this name." };

export const providersRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/providers",
        tags,
        summary: "Providers with their limits and what their limiters hold now",
        description:
          "Every provider: endpoint, the name of its key's environment variable (never the key), its fleet-wide limits, and current use: calls admitted, throttled and answered 429, calls in flight, tasks waiting for their turn, and a pause set by a Retry-After.",
      },
    })
    .input(noInput)
    .output(z.object({ items: z.array(providerWithUsageSchema) }))
    .query(({ ctx }) => listProviders(ctx)),

  get: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/providers/{name}",
        tags,
        summary: "One provider with its limits and current use",
        description: "A provider's endpoint, key variable name, limits and what its limiter holds now.",
        errorResponses: notFound,
      },
    })
    .input(providerNameInput)
    .output(providerWithUsageSchema)
    .query(({ ctx, input }) => getProvider(ctx, input.name)),

  put: adminProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/api/providers/{name}",
        tags,
        summary: "Define a provider, or change its endpoint, key variable or limits",
        description:
          "Creates or replaces a provider. Roles use it with `runtime: { type: llm, provider: <name>, model: … }`. Limits take effect for every agent on every node within seconds; agents started later get the endpoint and key variable.",
      },
    })
    .input(providerInput)
    .output(providerSchema)
    .mutation(({ ctx, input }) => putProvider(ctx, input)),

  delete: adminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/api/providers/{name}",
        tags,
        summary: "Delete a provider no agent uses",
        description:
          "Deletes a provider and its limiter's state; refused with 409 while agents of live clusters use it.",
        errorResponses: { ...notFound, 409: "Agents of live clusters name this provider." },
      },
    })
    .input(providerNameInput)
    .output(providerSchema)
    .mutation(({ ctx, input }) => deleteProvider(ctx, input.name)),

  prices: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/model-prices",
        tags,
        summary: "Model prices (US dollars per million tokens)",
        description: "What each model costs per million input and output tokens: the basis of every task's cost.",
      },
    })
    .input(noInput)
    .output(z.object({ items: z.array(modelPriceSchema) }))
    .query(({ ctx }) => listPrices(ctx.db)),

  putPrice: adminProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/api/model-prices/{model}",
        tags,
        summary: "Set a model's price",
        description:
          "Sets what a model costs per million input and output tokens. Tasks finished from now on are priced with it; earlier tasks keep their cost.",
      },
    })
    .input(modelPriceInput)
    .output(modelPriceSchema)
    .mutation(({ ctx, input }) => putPrice(ctx, input)),

  deletePrice: adminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/api/model-prices/{model}",
        tags,
        summary: "Remove a model's price",
        description: "Removes a model's price: its tasks finished from now on have no cost recorded.",
        errorResponses: { 404: "No price is set for this model." },
      },
    })
    .input(modelNameInput)
    .output(modelPriceSchema)
    .mutation(({ ctx, input }) => deletePrice(ctx, input.model)),
});

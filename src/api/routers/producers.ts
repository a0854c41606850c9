/** Producers: programs that add jobs to clusters' control queues with a Redis user of their own (admins only). */
import { page, pageInput } from "../../schemas/common";
import { producerCreated, producerCreateInput, producerIdInput, producerSchema } from "../../schemas/producer-api";
import { createProducer, listProducers, revokeProducer } from "../../services/producers";
import { adminProcedure, router } from "../trpc";

const tags = ["producers"];

export const producersRouter = router({
  list: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/producers",
        tags,
        summary: "Producers (never their passwords)",
        description:
          "Producers with their name, the clusters whose control queues they may use, and whether they are revoked; never their passwords.",
      },
    })
    .input(pageInput)
    .output(page(producerSchema))
    .query(({ ctx, input }) => listProducers(ctx.db, input)),

  create: adminProcedure
    .meta({
      created: {},
      openapi: {
        method: "POST",
        path: "/api/producers",
        tags,
        summary:
          "Create a producer: a Redis user that may only add jobs to the control queues of these clusters; the answer is the only time its URL is shown",
        description:
          "Creates a producer: a Redis user of its own that may only add jobs to the control queues of these clusters. The answer holds its Redis URL with the password, shown this once.",
        errorResponses: {
          404: "One of the clusters does not exist (`issues` says which).",
          409: "Myzel's own Redis user may not create ACL users, which producers need.",
        },
      },
    })
    .input(producerCreateInput)
    .output(producerCreated)
    .mutation(({ ctx, input }) => createProducer(ctx, input, ctx.actor.type === "user" ? ctx.actor.id : null)),

  revoke: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/producers/{producerId}/revoke",
        tags,
        summary: "Revoke a producer (its Redis user is dropped at once)",
        description:
          "Revokes a producer: its Redis user is dropped at once and its connections are closed. The record stays, marked revoked.",
      },
    })
    .input(producerIdInput)
    .output(producerSchema)
    .mutation(({ ctx, input }) => revokeProducer(ctx, input.producerId)),
});

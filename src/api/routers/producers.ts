/** Producers: programs that add jobs to clusters' control queues with a Redis user of their own (admins only). */
import { z } from "zod";
import { noInput } from "../../schemas/common";
import { producerCreated, producerCreateInput, producerIdInput, producerSchema } from "../../schemas/producer-api";
import { createProducer, listProducers, revokeProducer } from "../../services/producers";
import { adminProcedure, router } from "../trpc";

const tags = ["producers"];

export const producersRouter = router({
  list: adminProcedure
    .meta({
      openapi: { method: "GET", path: "/api/producers", tags, summary: "Producers (never their passwords)" },
    })
    .input(noInput)
    .output(z.array(producerSchema))
    .query(({ ctx }) => listProducers(ctx.db)),

  create: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/producers",
        tags,
        summary:
          "Create a producer: a Redis user that may only add jobs to the control queues of these clusters; the answer is the only time its URL is shown",
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
      },
    })
    .input(producerIdInput)
    .output(producerSchema)
    .mutation(({ ctx, input }) => revokeProducer(ctx, input.producerId)),
});

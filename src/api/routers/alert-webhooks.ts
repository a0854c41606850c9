/** Alert webhooks (admins only: they say where alerts go and hold signing secrets). */

import { z } from "zod";
import {
  alertDeliveriesSchema,
  alertDeliverySchema,
  alertWebhookCreated,
  alertWebhookCreateInput,
  alertWebhookIdInput,
  alertWebhookSchema,
} from "../../schemas/alert-api";
import { noInput } from "../../schemas/common";
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  sendTestAlert,
} from "../../services/alert-webhooks";
import { adminProcedure, router } from "../trpc";

const tags = ["alerts"];
const notFound = { 404: "No alert webhook has this id." };

export const alertWebhooksRouter = router({
  list: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/alert-webhooks",
        tags,
        summary: "Alert webhooks (never their secrets)",
        description: "Endpoints that receive alerts, with their format and topics; never their signing secrets.",
      },
    })
    .input(noInput)
    .output(z.object({ items: z.array(alertWebhookSchema) }))
    .query(({ ctx }) => listWebhooks(ctx.db)),

  create: adminProcedure
    .meta({
      created: {},
      openapi: {
        method: "POST",
        path: "/api/alert-webhooks",
        tags,
        summary: "Add an alert webhook; the answer is the only time its signing secret is shown",
        description:
          "Adds an endpoint that receives alerts as signed POST requests (X-Myzel-Signature: sha256=HMAC(secret, timestamp + '.' + body), X-Myzel-Timestamp), in Myzel's JSON or Slack's incoming-webhook format. Failed deliveries are retried with exponential backoff.",
      },
    })
    .input(alertWebhookCreateInput)
    .output(alertWebhookCreated)
    .mutation(({ ctx, input }) => createWebhook(ctx.db, input, ctx.actor.name)),

  delete: adminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/api/alert-webhooks/{webhookId}",
        tags,
        summary: "Delete an alert webhook and its deliveries",
        description: "Deletes an alert webhook; its deliveries go with it and pending ones are not made.",
        errorResponses: notFound,
      },
    })
    .input(alertWebhookIdInput)
    .output(alertWebhookSchema)
    .mutation(({ ctx, input }) => deleteWebhook(ctx.db, input.webhookId)),

  test: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/alert-webhooks/{webhookId}/test",
        tags,
        summary: "Send a test alert to a webhook",
        description:
          "Queues a test alert to this webhook; its delivery shows in the webhook's deliveries with its outcome.",
        errorResponses: notFound,
      },
    })
    .input(alertWebhookIdInput)
    .output(alertDeliverySchema)
    .mutation(({ ctx, input }) => sendTestAlert(ctx, input.webhookId)),

  deliveries: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/alert-webhooks/{webhookId}/deliveries",
        tags,
        summary: "A webhook's latest deliveries with their outcome",
        description:
          "The newest 50 deliveries of a webhook: pending, delivered or failed, with attempts, the last HTTP status and error.",
        errorResponses: notFound,
      },
    })
    .input(alertWebhookIdInput)
    .output(alertDeliveriesSchema)
    .query(({ ctx, input }) => listDeliveries(ctx.db, input.webhookId)),
});

/** Contracts of alert webhooks: the admin API, the dashboard's forms, the stored alert and the queue job. */
import { z } from "zod";
// alert-rules, not alert-payload: this module reaches the browser, which has no node:crypto.
import { ALERT_FORMATS, ALERT_TOPICS, SUBSCRIBABLE_TOPICS } from "../domain/alerts/alert-rules";
import { isoDate, uuid } from "./common";

export const alertSchema = z.object({
  key: z.string(),
  topic: z.enum(ALERT_TOPICS),
  severity: z.enum(["info", "warning", "critical"]),
  title: z.string(),
  detail: z.string(),
  at: z.string(),
  clusterId: z.string().nullable(),
  subject: z.string(),
  healingId: z.string().nullable(),
});

export const alertWebhookSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    format: z.enum(ALERT_FORMATS),
    topics: z.array(z.enum(SUBSCRIBABLE_TOPICS)),
    createdAt: isoDate,
  })
  .meta({ id: "AlertWebhook" });
export type AlertWebhookDto = z.infer<typeof alertWebhookSchema>;

export const alertWebhookCreateInput = z.strictObject({
  name: z.string().trim().min(1, "a name is needed").max(100),
  url: z
    .url({ error: "expected a URL" })
    .max(2000)
    .refine((value) => /^https?:\/\//i.test(value), "expected an http:// or https:// URL"),
  format: z
    .enum(ALERT_FORMATS)
    .default("json")
    .describe("json: Myzel's alert object; slack: Slack's incoming-webhook format"),
  topics: z
    .array(z.enum(SUBSCRIBABLE_TOPICS))
    .min(1, "choose at least one topic")
    .default([...SUBSCRIBABLE_TOPICS])
    .describe("what it is sent: critical_healing, circuit_opened, node_lost, drill_finished (default: all)"),
});

export const alertWebhookCreated = z
  .object({
    secret: z.string().describe("the HMAC-SHA256 key of X-Myzel-Signature — shown only now: store it"),
    info: alertWebhookSchema,
  })
  .meta({ id: "AlertWebhookCreated" });

export const alertWebhookIdInput = z.strictObject({ webhookId: uuid });

export const alertDeliverySchema = z
  .object({
    id: z.string(),
    webhookId: z.string(),
    topic: z.enum(ALERT_TOPICS),
    title: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable().describe("the HTTP status of the last attempt, if it got one"),
    error: z.string().nullable(),
    createdAt: isoDate,
    lastAttemptAt: isoDate.nullable(),
    deliveredAt: isoDate.nullable(),
  })
  .meta({ id: "AlertDelivery" });
export type AlertDeliveryDto = z.infer<typeof alertDeliverySchema>;

export const alertDeliveriesSchema = z.object({ items: z.array(alertDeliverySchema) }).meta({ id: "AlertDeliveries" });

/** The job on the alert queue: which delivery to make. */
export const alertJobSchema = z.strictObject({ deliveryId: z.string() });

export { SUBSCRIBABLE_TOPICS };

/** Alert webhooks: admins add, list, test and delete endpoints and read their deliveries. */
import { randomBytes, randomUUID } from "node:crypto";
import type { CoreDeps } from "../core/deps";
import type { AlertFormat } from "../domain/alerts/alert-payload";
import { testAlert } from "../domain/alerts/alert-rules";
import type { AlertDelivery, AlertWebhook } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";
import type { AlertDeliveryDto, AlertWebhookDto } from "../schemas/alert-api";
import { notFound } from "./app-error";

/** How many deliveries a webhook's list shows: the newest. */
const DELIVERIES_SHOWN = 50;

export interface WebhookInput {
  name: string;
  url: string;
  format: AlertFormat;
  topics: AlertWebhookDto["topics"];
}

export function toWebhookDto(row: AlertWebhook): AlertWebhookDto {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    format: row.format as AlertFormat,
    topics: row.topics as AlertWebhookDto["topics"],
    createdAt: row.createdAt.toISOString(),
  };
}

function toDeliveryDto(row: AlertDelivery): AlertDeliveryDto {
  const payload = row.payload as { title?: string };
  return {
    id: row.id,
    webhookId: row.webhookId,
    topic: row.topic as AlertDeliveryDto["topic"],
    title: payload.title ?? row.topic,
    status: row.status as AlertDeliveryDto["status"],
    attempts: row.attempts,
    responseStatus: row.responseStatus,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

export async function listWebhooks(db: Database): Promise<{ items: AlertWebhookDto[] }> {
  const rows = await db.alertWebhook.findMany({ orderBy: { createdAt: "asc" } });
  return { items: rows.map(toWebhookDto) };
}

/** A new webhook with a random signing secret, returned this once. */
export async function createWebhook(db: Database, input: WebhookInput, createdBy: string) {
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  const row = await db.alertWebhook.create({ data: { ...input, secret, createdBy } });
  return { secret, info: toWebhookDto(row) };
}

export async function deleteWebhook(db: Database, webhookId: string): Promise<AlertWebhookDto> {
  const row = await db.alertWebhook.findUnique({ where: { id: webhookId } });
  if (!row) throw notFound("alert webhook", webhookId);
  await db.alertWebhook.deleteMany({ where: { id: webhookId } });
  return toWebhookDto(row);
}

export async function listDeliveries(db: Database, webhookId: string): Promise<{ items: AlertDeliveryDto[] }> {
  if (!(await db.alertWebhook.findUnique({ where: { id: webhookId }, select: { id: true } })))
    throw notFound("alert webhook", webhookId);
  const rows = await db.alertDelivery.findMany({
    where: { webhookId },
    orderBy: { createdAt: "desc" },
    take: DELIVERIES_SHOWN,
  });
  return { items: rows.map(toDeliveryDto) };
}

/** Queues a test alert to one webhook; the answer is its delivery, still pending. */
export async function sendTestAlert(
  deps: Pick<CoreDeps, "db" | "alerts">,
  webhookId: string,
): Promise<AlertDeliveryDto> {
  if (!(await deps.db.alertWebhook.findUnique({ where: { id: webhookId }, select: { id: true } })))
    throw notFound("alert webhook", webhookId);
  const [deliveryId] = await deps.alerts.record(testAlert(new Date(), randomUUID()), webhookId);
  return toDeliveryDto(await deps.db.alertDelivery.findUniqueOrThrow({ where: { id: deliveryId! } }));
}

/**
 * Delivers alerts: a BullMQ worker on every server takes delivery jobs, POSTs the signed body
 * to the webhook and records each attempt; a failed attempt is retried with exponential
 * backoff (MYZEL_ALERT_ATTEMPTS, MYZEL_ALERT_RETRY_BASE_MS) and the delivery is marked failed
 * after the last. The leader sweeps up deliveries still pending without a job (a server that
 * died between recording a delivery and queueing it).
 */
import { type Job, Worker } from "bullmq";
import { ALERT_QUEUE, type AlertOutbox } from "../../core/alerts/alert-outbox";
import type { CoreDeps } from "../../core/deps";
import { every, type Loop } from "../../core/every";
import { type AlertFormat, alertBody, signature } from "../../domain/alerts/alert-payload";
import { QUEUE_PREFIX } from "../../infra/keys";
import { redisOptionsFromUrl } from "../../infra/redis";
import { alertJobSchema, alertSchema } from "../../schemas/alert-api";

/** How long one attempt may take before it counts as failed. */
const ATTEMPT_TIMEOUT_MS = 10_000;
const SWEEP_MS = 15_000;

export class AlertDeliveries {
  private worker?: Worker;
  private sweep?: Loop;

  constructor(
    private readonly deps: CoreDeps & { alerts: AlertOutbox; redisUrl: string; lease: { isLeader: boolean } },
  ) {}

  start(): void {
    const { log } = this.deps;
    this.worker = new Worker(ALERT_QUEUE, (job: Job) => this.deliver(job), {
      connection: redisOptionsFromUrl(this.deps.redisUrl),
      prefix: QUEUE_PREFIX,
      concurrency: 8,
    });
    this.worker.on("error", (error) => log.warn({ err: error.message }, "alert worker error"));
    this.worker.on("failed", (job, error) => void this.afterFailure(job, error));
    this.sweep = every(SWEEP_MS, () => this.requeueStranded(), { log, name: "alert delivery sweep" });
  }

  private async deliver(job: Job): Promise<void> {
    const { db, settings } = this.deps;
    const { deliveryId } = alertJobSchema.parse(job.data);
    const delivery = await db.alertDelivery.findUnique({ where: { id: deliveryId }, include: { webhook: true } });
    if (delivery?.status !== "pending") return; // webhook deleted, or already done
    const alert = alertSchema.parse(delivery.payload);
    const publicUrl = settings.PUBLIC_URL ?? `http://localhost:${settings.PORT}`;
    const body = alertBody(alert, delivery.webhook.format as AlertFormat, publicUrl);
    const timestamp = Math.floor(Date.now() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.webhook.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Myzel-Alerts/1",
          "X-Myzel-Event": alert.topic,
          "X-Myzel-Delivery": delivery.id,
          "X-Myzel-Timestamp": String(timestamp),
          "X-Myzel-Signature": signature(delivery.webhook.secret, timestamp, body),
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      status = response.status;
      await response.body?.cancel();
      if (!response.ok) error = `the endpoint answered ${response.status}`;
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    const now = new Date();
    await db.alertDelivery.update({
      where: { id: delivery.id },
      data: {
        attempts: { increment: 1 },
        lastAttemptAt: now,
        responseStatus: status,
        error,
        ...(error ? {} : { status: "delivered", deliveredAt: now }),
      },
    });
    if (error) throw new Error(error);
  }

  /** After the last attempt the delivery is failed for good, with the last attempt's error. */
  private async afterFailure(job: Job | undefined, error: Error): Promise<void> {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const parsed = alertJobSchema.safeParse(job.data);
    if (!parsed.success) return;
    await this.deps.db.alertDelivery
      .updateMany({
        where: { id: parsed.data.deliveryId, status: "pending" },
        data: { status: "failed", error: error.message },
      })
      .catch((failure) => this.deps.log.warn({ err: failure }, "could not mark an alert delivery failed"));
  }

  private async requeueStranded(): Promise<void> {
    if (!this.deps.lease.isLeader) return;
    const stranded = await this.deps.db.alertDelivery.findMany({
      where: { status: "pending", createdAt: { lt: new Date(Date.now() - SWEEP_MS) } },
      select: { id: true },
      take: 500,
    });
    for (const delivery of stranded) await this.deps.alerts.enqueue(delivery.id);
  }

  async stop(): Promise<void> {
    await this.sweep?.stop();
    await this.worker?.close();
  }
}

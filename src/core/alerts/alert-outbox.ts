/**
 * Where alerts become deliveries: one row per subscribed webhook (unique per webhook and
 * alert, so the same event seen by every server is delivered once) and a job on the BullMQ
 * alert queue, whose id is the delivery's, so adding it twice adds it once. Only the server
 * whose insert made the row adds the job; the leader's sweep adds any a crash left behind.
 */
import { Queue } from "bullmq";
import type { Alert } from "../../domain/alerts/alert-rules";
import type { Settings } from "../../env";
import type { Database } from "../../infra/database/client";
import { QUEUE_PREFIX } from "../../infra/keys";
import type { Logger } from "../../infra/logger";
import type { Redis } from "../../infra/redis";

export const ALERT_QUEUE = "alerts";

export class AlertOutbox {
  private readonly queue: Queue;

  constructor(private readonly deps: { db: Database; redis: Redis; settings: Settings; log: Logger }) {
    this.queue = new Queue(ALERT_QUEUE, { connection: deps.redis, prefix: QUEUE_PREFIX });
    this.queue.on("error", () => {});
  }

  /** Deliveries of `alert` to every webhook subscribed to its topic (or to the one named). */
  async record(alert: Alert, webhookId?: string): Promise<string[]> {
    const { db } = this.deps;
    const webhooks = await db.alertWebhook.findMany({
      where: webhookId ? { id: webhookId } : { topics: { has: alert.topic } },
      select: { id: true },
    });
    if (!webhooks.length) return [];
    const created = await db.alertDelivery.createManyAndReturn({
      data: webhooks.map((w) => ({ webhookId: w.id, eventKey: alert.key, topic: alert.topic, payload: { ...alert } })),
      skipDuplicates: true,
      select: { id: true },
    });
    await Promise.all(created.map((d) => this.enqueue(d.id)));
    return created.map((d) => d.id);
  }

  async enqueue(deliveryId: string): Promise<void> {
    const { ALERT_ATTEMPTS, ALERT_RETRY_BASE_MS } = this.deps.settings;
    await this.queue.add(
      "deliver",
      { deliveryId },
      {
        jobId: deliveryId,
        attempts: ALERT_ATTEMPTS,
        backoff: { type: "exponential", delay: ALERT_RETRY_BASE_MS },
        // Kept a day, so the sweep adding a delivery's job again finds it and adds nothing.
        removeOnComplete: { age: 86_400 },
        removeOnFail: { age: 86_400 },
      },
    );
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => {});
  }
}

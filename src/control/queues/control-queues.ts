/**
 * One BullMQ worker per cluster's control queue (`control.<clusterId>`, prefix `myzel`),
 * so producers in any language can push control tasks. Rejected jobs are kept in the
 * dead-letter list with their reason; the job itself completes with `{ rejected }`.
 */
import { type Job, Worker } from "bullmq";
import type { CoreDeps } from "../../core/deps";
import { keys, QUEUE_PREFIX } from "../../infra/keys";
import { redisOptionsFromUrl } from "../../infra/redis";
import { ControlTaskRejected, runControlTask } from "../../services/control-tasks";

export class ControlQueues {
  private readonly workers = new Map<string, Worker>();
  private stopped = false;

  constructor(private readonly deps: CoreDeps & { redisUrl: string }) {}

  /** Workers for exactly these clusters. */
  async sync(clusterIds: readonly string[]): Promise<void> {
    const wanted = new Set(clusterIds);
    for (const [id, worker] of this.workers) {
      if (!wanted.has(id)) {
        this.workers.delete(id);
        // Not awaited: a worker whose Redis just restarted can wait on its blocking connection for
        // a long time, and the next sync (new clusters' queues) must not wait behind it.
        void worker.close().catch(() => {});
      }
    }
    for (const id of wanted) {
      if (this.workers.has(id) || this.stopped) continue;
      const worker = new Worker(keys.controlQueue(id), (job: Job) => this.handle(id, job), {
        connection: redisOptionsFromUrl(this.deps.redisUrl),
        prefix: QUEUE_PREFIX,
        concurrency: 16,
      });
      worker.on("error", (error) =>
        this.deps.log.warn({ err: error.message, cluster: id }, "control queue worker error"),
      );
      this.workers.set(id, worker);
    }
  }

  private async handle(clusterId: string, job: Job): Promise<unknown> {
    try {
      return await runControlTask(this.deps, clusterId, job.name, job.data);
    } catch (error) {
      if (!(error instanceof ControlTaskRejected)) throw error;
      const letter = await this.deps.db.deadLetter.create({
        data: {
          clusterId,
          queue: keys.controlQueue(clusterId),
          jobName: job.name,
          data: (job.data ?? null) as object,
          reason: error.message,
        },
      });
      this.deps.log.warn(
        { cluster: clusterId, job: job.name, reason: error.message },
        "control task rejected to the dead-letter list",
      );
      return { rejected: error.message, deadLetterId: letter.id };
    }
  }

  /**
   * Closes every worker without waiting on jobs in progress (control tasks are short; one cut
   * off is taken up again by another server): a worker whose Redis just restarted can
   * otherwise wait on its blocking connection for a long time.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.workers.values()].map((w) => w.close(true).catch(() => {})));
    this.workers.clear();
  }
}

/**
 * One BullMQ worker per cluster's control queue (`control.<clusterId>`, prefix `myzel`),
 * so producers in any language can push control tasks. A job that cannot be accepted fails for
 * good (an UnrecoverableError: no retries) with its reason and the id of the dead letter kept
 * for it, so a producer listening for `failed` hears why and an operator finds it in the list.
 * The queues of clusters that are gone are drained the same way (see retired-queues).
 */
import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { CoreDeps } from "../../core/deps";
import type { GoneCluster } from "../../domain/cluster/retired-queues";
import { keys, QUEUE_PREFIX } from "../../infra/keys";
import { redisOptionsFromUrl } from "../../infra/redis";
import { ControlTaskRejected, runControlTask } from "../../services/control-tasks";
import { recordRejectedJob } from "../../services/dead-letters";
import { drainRetiredQueues } from "./retired-queues";

export class ControlQueues {
  private readonly workers = new Map<string, Worker>();
  private stopped = false;

  constructor(private readonly deps: CoreDeps & { redisUrl: string }) {}

  /** Workers for exactly the `live` clusters; the waiting jobs of `gone` clusters fail. */
  async sync(live: readonly string[], gone: readonly GoneCluster[] = []): Promise<void> {
    const wanted = new Set(live);
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
    if (gone.length && !this.stopped)
      await drainRetiredQueues(this.deps, gone, (clusterId, job, reason) => this.reject(clusterId, job, reason));
  }

  private async handle(clusterId: string, job: Job): Promise<unknown> {
    try {
      return await runControlTask(this.deps, clusterId, job.name, job.data);
    } catch (error) {
      if (!(error instanceof ControlTaskRejected)) throw error;
      throw await this.reject(clusterId, job, error.message);
    }
  }

  /** Keeps the job as a dead letter; the error returned fails it for good, naming the letter. */
  private async reject(clusterId: string, job: Job, reason: string): Promise<UnrecoverableError> {
    const letter = await recordRejectedJob(this.deps, {
      clusterId,
      queue: keys.controlQueue(clusterId),
      jobId: job.id!,
      addedAt: new Date(job.timestamp),
      jobName: job.name,
      data: job.data,
      reason,
    });
    this.deps.log.warn(
      { cluster: clusterId, job: job.name, jobId: job.id, reason },
      "control task rejected to the dead-letter list",
    );
    return new UnrecoverableError(`rejected: ${reason} (dead letter ${letter.id})`);
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

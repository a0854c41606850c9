/**
 * The control queues of clusters that are gone (domain/cluster/retired-queues says which). Their
 * workers stopped with the cluster, so a job waiting there, or added later, would wait forever;
 * instead each fails for good with the reason, and a dead letter, as any rejected job. Each queue
 * costs one EXISTS per sync (its lists of waiting, prioritised and delayed jobs); only a queue
 * that holds jobs gets a worker, for as long as draining it takes.
 */
import { randomUUID } from "node:crypto";
import { type Job, Queue, Worker } from "bullmq";
import type { CoreDeps } from "../../core/deps";
import { type GoneCluster, goneClusterReason } from "../../domain/cluster/retired-queues";
import { keys, QUEUE_PREFIX } from "../../infra/keys";
import { redisOptionsFromUrl } from "../../infra/redis";

const WAITING_KEYS = ["wait", "prioritized", "delayed"] as const;

type Reject = (clusterId: string, job: Job, reason: string) => Promise<Error>;
type Deps = Pick<CoreDeps, "redis" | "log"> & { redisUrl: string };

export async function drainRetiredQueues(deps: Deps, gone: readonly GoneCluster[], reject: Reject): Promise<void> {
  const pipeline = deps.redis.pipeline();
  for (const cluster of gone)
    pipeline.exists(...WAITING_KEYS.map((list) => `${QUEUE_PREFIX}:${keys.controlQueue(cluster.id)}:${list}`));
  const replies = (await pipeline.exec()) ?? [];
  const holding = gone.filter((_, i) => Number(replies[i]?.[1] ?? 0) > 0);
  for (const cluster of holding) {
    await drain(deps, cluster, reject).catch((error: Error) =>
      deps.log.warn({ err: error.message, cluster: cluster.id }, "draining a gone cluster's control queue failed"),
    );
  }
}

async function drain(deps: Deps, cluster: GoneCluster, reject: Reject): Promise<void> {
  const name = keys.controlQueue(cluster.id);
  const reason = goneClusterReason(cluster);
  const queue = new Queue(name, { connection: deps.redis, prefix: QUEUE_PREFIX });
  const worker = new Worker(name, null, {
    connection: redisOptionsFromUrl(deps.redisUrl),
    prefix: QUEUE_PREFIX,
    autorun: false,
  });
  worker.on("error", (error) =>
    deps.log.warn({ err: error.message, cluster: cluster.id }, "control queue drain error"),
  );
  const token = randomUUID();
  let failed = 0;
  try {
    // A delayed job fails now, not when its delay is up: nothing will ever run it.
    await queue.promoteJobs();
    for (;;) {
      const job = await worker.getNextJob(token, { block: false });
      if (!job) break;
      await job.moveToFailed(await reject(cluster.id, job, reason), token, false);
      failed++;
    }
  } finally {
    await worker.close().catch(() => {});
    await queue.close().catch(() => {});
  }
  if (failed) deps.log.info({ cluster: cluster.id, failed }, "failed the jobs on a gone cluster's control queue");
}

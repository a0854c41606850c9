/**
 * Waiting for a cluster's status or a task's end, past the server's 60 s cap per call: the
 * long-poll is asked again until the total `timeoutMs` is spent, with progress on stderr.
 */
import type { Cluster, ClusterWait, TaskWait } from "./answers";
import { type CliContext, CliFailure } from "./context";
import { EXIT } from "./exit-codes";

/** The server answers a wait after at most this long; longer waits ask again. */
const SERVER_WAIT_CAP_MS = 60_000;

export async function waitForCluster(
  ctx: CliContext,
  id: string,
  statuses: Cluster["status"][],
  timeoutMs: number,
): Promise<ClusterWait> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = Math.max(0, deadline - Date.now());
    const cluster = await ctx.client.clusters.wait.query({
      id,
      status: statuses,
      timeoutMs: Math.min(left, SERVER_WAIT_CAP_MS),
    });
    if (!cluster.timedOut || left <= SERVER_WAIT_CAP_MS) return cluster;
    ctx.note(
      `  still ${cluster.status} (${cluster.currentWorkers}/${cluster.targetWorkers} agents), waiting for ${statuses.join(" or ")}…`,
    );
  }
}

export async function waitForTask(ctx: CliContext, id: string, timeoutMs: number): Promise<TaskWait> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = Math.max(0, deadline - Date.now());
    const task = await ctx.client.tasks.wait.query({ id, timeoutMs: Math.min(left, SERVER_WAIT_CAP_MS) });
    if (!task.timedOut || left <= SERVER_WAIT_CAP_MS) return task;
    ctx.note(`  task ${id} is ${task.status} after ${task.attempts} attempt(s), waiting…`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cluster named by id or by its exact name (names are what people remember). */
export async function clusterIdOf(ctx: CliContext, reference: string): Promise<string> {
  if (UUID.test(reference)) return reference;
  const page = await ctx.client.clusters.list.query({ search: reference, limit: 200 });
  const matches = page.items.filter((c) => c.name === reference);
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) throw new CliFailure(`no cluster has the id or name "${reference}"`, EXIT.notFound);
  throw new CliFailure(
    `${matches.length} clusters are named "${reference}": give one of their ids`,
    EXIT.usage,
    matches.map((c) => `${c.id}  ${c.status}`),
  );
}

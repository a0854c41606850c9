/** Pools of agents for the task tests: a supervisor and N workers of a runtime and routing. */
import { inject } from "vitest";
import { redisOptionsFromUrl } from "../../src/infra/redis";
import { activeCluster, client, uniqueName, uploadBlueprint } from "./helpers";

/** What any BullMQ producer needs: the Redis address (queues live under the prefix "myzel"). */
export const bullConnection = () => redisOptionsFromUrl(inject("redisUrl"));

/** A pool: one supervisor and `workers` workers with the given runtime and routing. */
export async function pool(opts: {
  workers: number;
  routing?: string;
  runtime?: string;
  concurrency?: number;
  count?: string;
  /** The workers' `limits`, as YAML. */
  limits?: string;
}) {
  const id = uniqueName("pool");
  await uploadBlueprint(`metadata: { id: ${id}, name: Pool, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 50, routing: ${opts.routing ?? "round-robin"} }
agents:
  - role: supervisor
    name: Boss
  - role: worker
    name: Worker
    count: ${opts.count ?? opts.workers}
    reports_to: supervisor
    capabilities: [work]
    concurrency: ${opts.concurrency ?? 1}${opts.limits ? `\n    limits: ${opts.limits}` : ""}
    runtime: ${opts.runtime ?? "{ type: builtin, behaviour: echo }"}
`);
  return activeCluster({ blueprintId: id, targetWorkers: opts.workers + 1 });
}

export async function agentsOf(clusterId: string, role = "worker") {
  return (await client().agents.list.query({ id: clusterId })).filter((a) => a.role === role);
}

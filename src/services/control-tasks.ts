/**
 * Runs one control task of worker-pool.md: task, spawn_agent, scale_cluster, delegate_task,
 * health_check, collect_metrics. A task that cannot be accepted (unknown type, malformed
 * payload, refused by the service) is a ControlTaskRejected with the reason; the caller
 * puts it in the dead-letter list.
 */
import type { CoreDeps } from "../core/deps";
import { type ControlTask, parseControlTask } from "../schemas/control-tasks";
import { addAgent, getMetrics } from "./agents";
import { AppError } from "./app-error";
import { clusterHealth } from "./cluster-health";
import { scaleCluster } from "./clusters";
import { acceptDelegation } from "./delegation";
import { submitTasks } from "./tasks";

export class ControlTaskRejected extends Error {}

export async function runControlTask(deps: CoreDeps, clusterId: string, name: string, data: unknown): Promise<unknown> {
  const parsed = parseControlTask(name, data);
  if (!parsed.ok) throw new ControlTaskRejected(parsed.reason);
  const { task } = parsed;
  if (task.data.clusterId !== undefined && task.data.clusterId !== clusterId) {
    throw new ControlTaskRejected(`clusterId ${task.data.clusterId} does not match this queue's cluster ${clusterId}`);
  }
  try {
    return await run(deps, clusterId, task);
  } catch (error) {
    if (error instanceof AppError) throw new ControlTaskRejected(error.message);
    throw error;
  }
}

async function run(deps: CoreDeps, clusterId: string, task: ControlTask): Promise<unknown> {
  switch (task.type) {
    case "task": {
      const { clusterId: _, ...spec } = task.data;
      const [taskId] = await submitTasks(deps, clusterId, [spec], "queue");
      return { taskId };
    }
    case "spawn_agent": {
      const agent = await addAgent(deps, { id: clusterId, ...task.data.agentDef });
      return { agentId: agent.id, key: agent.key };
    }
    case "scale_cluster": {
      const { roles, targetWorkers } = task.data;
      const cluster = await scaleCluster(
        deps,
        clusterId,
        roles !== undefined ? { roles } : { targetWorkers: targetWorkers! },
      );
      return { status: cluster.status, targetWorkers: cluster.targetWorkers };
    }
    case "delegate_task":
      return acceptDelegation(deps, task.data);
    case "health_check":
      return clusterHealth(deps, clusterId);
    case "collect_metrics":
      return getMetrics(deps, { id: clusterId, limit: 1 });
  }
}

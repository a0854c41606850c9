/**
 * Runs one control task of worker-pool.md: task, spawn_agent, scale_cluster, delegate_task,
 * health_check, collect_metrics. A task that cannot be accepted (unknown type, malformed
 * payload, refused by the service) is a ControlTaskRejected with the reason; the caller
 * puts it in the dead-letter list.
 */
import type { CoreDeps } from "../core/deps";
import { CONTROL_TASK_TYPES, type ControlTaskType, controlTaskSchemas } from "../schemas/control-tasks";
import { addAgent, getMetrics } from "./agents";
import { AppError } from "./app-error";
import { clusterHealth } from "./cluster-health";
import { scaleCluster } from "./clusters";
import { acceptDelegation } from "./delegation";
import { submitTasks } from "./tasks";

export class ControlTaskRejected extends Error {}

export async function runControlTask(deps: CoreDeps, clusterId: string, name: string, data: unknown): Promise<unknown> {
  if (!(name in controlTaskSchemas))
    throw new ControlTaskRejected(`unknown task type "${name}"; known: ${CONTROL_TASK_TYPES.join(", ")}`);
  const type = name as ControlTaskType;
  const parsed = controlTaskSchemas[type].safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ControlTaskRejected(
      `malformed ${type} payload: ${issue.path.join(".") || "(payload)"}: ${issue.message}`,
    );
  }
  const payload = parsed.data as Record<string, unknown>;
  if (typeof payload.cluster_id === "string" && payload.cluster_id !== clusterId) {
    throw new ControlTaskRejected(`cluster_id ${payload.cluster_id} does not match this queue's cluster ${clusterId}`);
  }
  try {
    return await run(deps, clusterId, type, parsed.data);
  } catch (error) {
    if (error instanceof AppError) throw new ControlTaskRejected(error.message);
    throw error;
  }
}

async function run(deps: CoreDeps, clusterId: string, type: ControlTaskType, data: unknown): Promise<unknown> {
  switch (type) {
    case "task": {
      const t = data as ReturnType<(typeof controlTaskSchemas)["task"]["parse"]>;
      const [taskId] = await submitTasks(
        deps,
        clusterId,
        [
          {
            role: t.role,
            capability: t.capability,
            agentId: t.agent_id,
            type: t.type,
            payload: t.payload,
            sessionKey: t.session_key,
            timeoutMs: t.timeout_ms,
          },
        ],
        "queue",
      );
      return { taskId };
    }
    case "spawn_agent": {
      const { agent_def: def } = data as ReturnType<(typeof controlTaskSchemas)["spawn_agent"]["parse"]>;
      const agent = await addAgent(deps, {
        id: clusterId,
        role: def.role,
        name: def.name,
        reportsToId: def.reports_to_id,
        capabilities: def.capabilities,
      });
      return { agentId: agent.id, key: agent.key };
    }
    case "scale_cluster": {
      const { target_workers } = data as ReturnType<(typeof controlTaskSchemas)["scale_cluster"]["parse"]>;
      const cluster = await scaleCluster(deps, clusterId, target_workers);
      return { status: cluster.status, targetWorkers: cluster.targetWorkers };
    }
    case "delegate_task":
      return acceptDelegation(deps, data as ReturnType<(typeof controlTaskSchemas)["delegate_task"]["parse"]>);
    case "health_check":
      return clusterHealth(deps, clusterId);
    case "collect_metrics":
      return getMetrics(deps, { id: clusterId, limit: 1 });
  }
}

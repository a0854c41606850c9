import { type Blueprint, parseCount } from "@/schemas/blueprint";

/**
 * Which role a task's work belongs to, for scaling per role. Pure.
 *
 * A task for a role is that role's; a task queued at an agent or meant for one is the agent's
 * role's. A task for a capability belongs to the first role (in blueprint order) that has it;
 * a task for any agent to the first role the scaler may grow. Tasks whose role cannot be told
 * are left out (null).
 */

export interface TaskTarget {
  /** The role already known from the task's target or its agent, if any. */
  role: string | null;
  targetKind: string;
  targetValue: string | null;
}

export function roleOfWork(blueprint: Blueprint, task: TaskTarget): string | null {
  const roles = blueprint.agents;
  if (task.role !== null) return roles.some((agent) => agent.role === task.role) ? task.role : null;
  if (task.targetKind === "capability")
    return roles.find((agent) => agent.capabilities.includes(task.targetValue ?? ""))?.role ?? null;
  if (task.targetKind === "any") {
    const scalable = roles.find((agent) => {
      const range = parseCount(agent.count);
      return range.max > range.min;
    });
    return (scalable ?? roles[0])?.role ?? null;
  }
  return null;
}

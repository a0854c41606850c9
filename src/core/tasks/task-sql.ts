import { sourcesOf, type TaskState } from "../../domain/tasks/task-states";
import { Prisma } from "../../generated/prisma/client";
/** SQL pieces of the task store's statements. */
import type { SendBackScope } from "./task-records";

/** The states a move to `to` may start from, as a SQL array. */
export const statusList = (to: TaskState) => Prisma.sql`ARRAY[${Prisma.join(sourcesOf(to))}]::"TaskStatus"[]`;

/** PostgreSQL text and jsonb cannot hold NUL; a tool that prints one must not block the batch. */
export const jsonParam = (rows: unknown) => JSON.stringify(rows).replaceAll("\\u0000", "");

/** The WHERE condition that selects a scope's tasks; null when it selects none. */
export function scopeCondition(scope: SendBackScope): Prisma.Sql | null {
  if ("everything" in scope) return Prisma.sql`true`;
  if ("clusterId" in scope) return Prisma.sql`cluster_id = ${scope.clusterId}::uuid`;
  if ("taskIds" in scope) return scope.taskIds.length ? Prisma.sql`id = ANY(${[...scope.taskIds]}::uuid[])` : null;
  return scope.agentIds.length ? Prisma.sql`agent_id = ANY(${[...scope.agentIds]}::uuid[])` : null;
}

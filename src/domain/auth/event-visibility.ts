/**
 * Which role may receive each kind of live event. Every event today describes state that
 * viewers may read through the API anyway (statuses, counts, ids — never payloads or
 * results), so all go to viewers; an event that must not is listed here with its role,
 * and the Socket.IO server keeps it from every lesser role.
 */
import type { MyzelEvent } from "../../schemas/events";
import type { Role } from "./roles";

const MINIMUM_ROLE: Record<MyzelEvent["type"], Role> = {
  "cluster.created": "VIEWER",
  "cluster.status": "VIEWER",
  "cluster.updated": "VIEWER",
  "cluster.agents": "VIEWER",
  "agent.status": "VIEWER",
  healing: "VIEWER",
  "metrics.sample": "VIEWER",
  "scaling.decision": "VIEWER",
  "tasks.submitted": "VIEWER",
  "tasks.started": "VIEWER",
  "tasks.finished": "VIEWER",
  "session.lost": "VIEWER",
  "system.sample": "VIEWER",
  "memory.changed": "VIEWER",
  "budget.state": "VIEWER",
  approvals: "VIEWER",
};

export function minimumRoleFor(event: Pick<MyzelEvent, "type">): Role {
  return MINIMUM_ROLE[event.type];
}

import { alertOf } from "../domain/alerts/alert-rules";
import type { MyzelEvent } from "../schemas/events";
import type { CoreDeps } from "./deps";

/**
 * Keeps this server's waiters and routing directory in step with what any server published,
 * and turns healing entries that alert into webhook deliveries (each once, whichever server wins).
 */
export function followEvent(
  core: Pick<CoreDeps, "waiters" | "dispatcher" | "alerts" | "log">,
  event: MyzelEvent,
): void {
  const alert = event.type === "healing" ? alertOf(event) : null;
  if (alert)
    void core.alerts.record(alert).catch((error) => core.log.warn({ err: error }, "could not record an alert"));
  if (event.type === "tasks.finished") core.waiters.happened(event.tasks.map((t) => t.id));
  if (event.type === "cluster.status") core.waiters.happened([`${event.clusterId}:${event.to}`]);
  if (event.type === "cluster.status" || event.type === "cluster.agents" || event.type === "agent.status")
    core.dispatcher.invalidate(event.clusterId);
  if (event.type === "cluster.status" && (event.to === "DESTROYED" || event.to === "HIBERNATED"))
    core.dispatcher.forget(event.clusterId);
}

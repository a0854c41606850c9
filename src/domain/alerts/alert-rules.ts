/**
 * Which events reach people through alert webhooks, and what the alert says. Alerts come from
 * the healing history once an entry has its outcome (an entry is published again when it
 * finishes; the pending one alerts nobody), keyed by the entry, so it alerts once.
 */
import type { MyzelEventOf } from "../../schemas/events";

/** json: Myzel's alert object; slack: Slack's incoming-webhook message. */
export const ALERT_FORMATS = ["json", "slack"] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

export const ALERT_TOPICS = [
  "critical_healing",
  "circuit_opened",
  "node_lost",
  "drill_finished",
  "approval_overdue",
  "test",
] as const;
export type AlertTopic = (typeof ALERT_TOPICS)[number];
/** The topics a webhook may subscribe to ("test" is sent on request only). */
export const SUBSCRIBABLE_TOPICS = ALERT_TOPICS.filter((t) => t !== "test");

export interface Alert {
  /** Unique per thing alerted about: the same event seen by several servers gives one delivery. */
  key: string;
  topic: AlertTopic;
  severity: "info" | "warning" | "critical";
  title: string;
  detail: string;
  at: string;
  clusterId: string | null;
  subject: string;
  /** The healing entry it comes from, if any. */
  healingId: string | null;
}

type HealingEvent = MyzelEventOf<"healing">;

function topicOf(event: HealingEvent): Exclude<AlertTopic, "test" | "approval_overdue"> | null {
  if (event.kind === "circuit_opened") return "circuit_opened";
  if (event.kind === "node_lost") return "node_lost";
  if (event.kind === "chaos_drill") return "drill_finished";
  if (event.severity === "critical") return "critical_healing";
  return null;
}

const TITLES: Record<Exclude<AlertTopic, "test" | "critical_healing" | "approval_overdue">, string> = {
  circuit_opened: "Agent crash loop: restart circuit opened",
  node_lost: "Runner node lost",
  drill_finished: "Chaos drill finished",
};

export function alertOf(event: HealingEvent): Alert | null {
  if (event.outcome === "pending") return null;
  const topic = topicOf(event);
  if (!topic) return null;
  const title = topic === "critical_healing" ? `Critical: ${event.kind.replaceAll("_", " ")}` : TITLES[topic];
  return {
    key: `healing:${event.id}`,
    topic,
    severity: event.severity ?? (topic === "drill_finished" ? "info" : "critical"),
    title,
    detail: [event.detail, event.action ? `Action: ${event.action} (${event.outcome})` : null]
      .filter(Boolean)
      .join(" — "),
    at: event.at,
    clusterId: event.clusterId,
    subject: event.subject,
    healingId: event.id,
  };
}

/** A task that waits for approval past its timeout, under a role that escalates rather than rejects. */
export function overdueApprovalAlert(
  task: { id: string; clusterId: string; role: string; timeoutSeconds: number },
  at: Date,
): Alert {
  return {
    key: `approval:${task.id}`,
    topic: "approval_overdue",
    severity: "warning",
    title: "Task waits for approval past its timeout",
    detail: `Task ${task.id} for role ${task.role} has waited for approval more than ${task.timeoutSeconds}s; an operator should approve or reject it.`,
    at: at.toISOString(),
    clusterId: task.clusterId,
    subject: `task ${task.id}`,
    healingId: null,
  };
}

/** The alert an admin's "send a test" makes (a new key each time). */
export function testAlert(at: Date, nonce: string): Alert {
  return {
    key: `test:${nonce}`,
    topic: "test",
    severity: "info",
    title: "Test alert from Myzel",
    detail: "This webhook is set up: Myzel can reach it and it receives signed alerts.",
    at: at.toISOString(),
    clusterId: null,
    subject: "alert webhook",
    healingId: null,
  };
}

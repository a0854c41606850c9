/**
 * Every status the dashboard shows as a pill, in one place: its colour, its label and whether it
 * is on its way somewhere (the dot pulses). Each map is a Record over the status union the API
 * types, so a status added on the server is a compile error here until it has a look.
 */

import { AGENT_STATUSES } from "@/domain/cluster/agent-states";
import { CLUSTER_STATUSES } from "@/domain/cluster/lifecycle";
import type { HealingResponse } from "@/domain/healing/vocabulary";
import { TASK_STATES } from "@/domain/tasks/task-states";
import { healingListInput } from "@/schemas/healing-api";
import type { Agent, AgentStatus, ClusterStatus, HealingListInput, TaskStatus } from "../../lib/api-types";
import type { Tone } from "./badge";
import { LEVEL_STYLE } from "./level";

export interface StatusStyle {
  tone: Tone;
  label: string;
  /** In progress: the dot pulses. */
  moving?: boolean;
}

export { AGENT_STATUSES, CLUSTER_STATUSES };
export const TASK_STATUSES: readonly TaskStatus[] = TASK_STATES;

export const CLUSTER_STATUS_STYLE: Record<ClusterStatus, StatusStyle> = {
  PLANNING: { tone: "neutral", label: "Planning", moving: true },
  SPAWNING: { tone: "sky", label: "Spawning", moving: true },
  ACTIVE: { tone: "green", label: "Active" },
  SCALING_UP: { tone: "violet", label: "Scaling up", moving: true },
  SCALING_DOWN: { tone: "violet", label: "Scaling down", moving: true },
  HIBERNATED: { tone: "indigo", label: "Hibernated" },
  DESTROYING: { tone: "amber", label: "Destroying", moving: true },
  DESTROYED: { tone: "rose", label: "Destroyed" },
};

export const TASK_STATUS_STYLE: Record<TaskStatus, StatusStyle> = {
  AWAITING_APPROVAL: { tone: "violet", label: "Awaiting approval" },
  PENDING: { tone: "neutral", label: "Pending", moving: true },
  QUEUED: { tone: "sky", label: "Queued", moving: true },
  RUNNING: { tone: "amber", label: "Running", moving: true },
  SUCCEEDED: { tone: "green", label: "Succeeded" },
  FAILED: { tone: "red", label: "Failed" },
  CANCELLED: { tone: "neutral", label: "Cancelled" },
};

export const AGENT_STATUS_STYLE: Record<AgentStatus, StatusStyle> = {
  PENDING: { tone: "neutral", label: "Pending" },
  STARTING: { tone: "sky", label: "Starting", moving: true },
  IDLE: { tone: "green", label: "Idle" },
  BUSY: { tone: "amber", label: "Busy", moving: true },
  FAILED: { tone: "red", label: "Failed" },
  STOPPED: { tone: "neutral", label: "Stopped" },
};

export type HealingOutcome = NonNullable<HealingListInput["outcome"]>;
/** The outcomes a healing entry is recorded with, as the history's filter knows them. */
export const HEALING_OUTCOMES: readonly HealingOutcome[] = healingListInput.shape.outcome.unwrap().options;
/** What an entry reads as: its outcome, except an ok that only reported (nothing Myzel may do) or found nothing. */
export type HealingShownOutcome = HealingOutcome | "reported" | "clear";

export const HEALING_OUTCOME_STYLE: Record<HealingShownOutcome, StatusStyle> = {
  pending: { tone: "sky", label: "Healing", moving: true },
  ok: { tone: "green", label: "Healed" },
  failed: { tone: "red", label: "Failed" },
  held: { tone: "amber", label: "Held" },
  reported: { tone: "neutral", label: "Reported" },
  clear: { tone: "green", label: "All clear" },
};

export function shownOutcome(entry: { outcome: HealingOutcome; response: HealingResponse }): HealingShownOutcome {
  if (entry.outcome === "ok" && entry.response === "reported") return "reported";
  if (entry.outcome === "ok" && entry.response === "clear") return "clear";
  return entry.outcome;
}

export type TokenState = "active" | "expired" | "revoked";
export type UserState = "active" | "disabled";
export type ServiceState = "up" | "down";
export type ScalingOutcome = "applied" | "held" | "failed";

const SERVICE_STYLE: Record<ServiceState, StatusStyle> = {
  up: { tone: "green", label: "Up" },
  down: { tone: "red", label: "Down" },
};

const TOKEN_STYLE: Record<TokenState, StatusStyle> = {
  active: { tone: "green", label: "active" },
  expired: { tone: "amber", label: "expired" },
  revoked: { tone: "red", label: "revoked" },
};

const USER_STYLE: Record<UserState, StatusStyle> = {
  active: { tone: "green", label: "Active" },
  disabled: { tone: "red", label: "Disabled" },
};

const SCALING_STYLE: Record<ScalingOutcome, StatusStyle> = {
  applied: { tone: "green", label: "applied" },
  held: { tone: "amber", label: "held" },
  failed: { tone: "red", label: "failed" },
};

export type CircuitState = Agent["circuit"];

const CIRCUIT_STYLE: Record<CircuitState, StatusStyle> = {
  closed: { tone: "green", label: "Closed" },
  open: { tone: "red", label: "Circuit open" },
  half_open: { tone: "amber", label: "Half-open" },
};

/** An audited call ends ok or with the error code it was refused with; every code but FORBIDDEN reads amber. */
const AUDIT_STYLE: Record<string, StatusStyle> = {
  ok: { tone: "green", label: "ok" },
  FORBIDDEN: { tone: "red", label: "FORBIDDEN" },
};

/** Every kind of status pill: its styles, whether it carries a dot, and the tone of a status it does not list. */
export const STATUS_KINDS = {
  cluster: { dot: true, styles: CLUSTER_STATUS_STYLE },
  task: { dot: true, styles: TASK_STATUS_STYLE },
  agent: { dot: true, styles: AGENT_STATUS_STYLE },
  healing: { dot: true, styles: HEALING_OUTCOME_STYLE },
  level: { dot: true, styles: LEVEL_STYLE },
  service: { dot: true, styles: SERVICE_STYLE },
  token: { dot: false, styles: TOKEN_STYLE },
  user: { dot: false, styles: USER_STYLE },
  scaling: { dot: false, styles: SCALING_STYLE },
  circuit: { dot: false, styles: CIRCUIT_STYLE },
  audit: { dot: false, fallback: "amber", styles: AUDIT_STYLE },
} satisfies Record<string, { dot: boolean; fallback?: Tone; styles: Record<string, StatusStyle> }>;

export type StatusKind = keyof typeof STATUS_KINDS;
export type StatusOf<K extends StatusKind> = keyof (typeof STATUS_KINDS)[K]["styles"] & string;

/** The look of a status; one not listed (newer than this browser) reads as its name in the kind's fallback tone. */
export function statusStyle<K extends StatusKind>(kind: K, status: StatusOf<K>): StatusStyle {
  const entry: { fallback?: Tone; styles: Record<string, StatusStyle> } = STATUS_KINDS[kind];
  return entry.styles[status] ?? { tone: entry.fallback ?? "neutral", label: status };
}

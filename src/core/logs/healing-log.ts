/**
 * The healing history: every detection and action is written to PostgreSQL (when, what was
 * wrong, what was done, by whom, outcome, duration) and published as a `healing` event.
 */
import type { HealingKind, HealingResponse, HealingResult, HealingSeverity } from "../../domain/healing/vocabulary";
import type { HealingEvent } from "../../generated/prisma/client";
import type { Database } from "../../infra/database/client";
import type { EventPublisher } from "../../infra/events";
import { recordSpan } from "../../infra/tracing";

export interface HealingStart {
  kind: HealingKind;
  subject: string;
  detail: string;
  action?: string;
  severity?: HealingSeverity;
  /** What was done about it; `acted` unless said. */
  response?: HealingResponse;
  clusterId?: string | null;
  agentId?: string | null;
  nodeId?: string | null;
  actor?: string;
  data?: object;
}

export class HealingLog {
  constructor(
    private readonly db: Database,
    private readonly events: EventPublisher,
  ) {}

  /** Records a detection; `finish` adds the outcome once the action has run. */
  async start(entry: HealingStart, at = new Date()): Promise<string> {
    const row = await this.db.healingEvent.create({
      data: {
        ...entry,
        at,
        severity: entry.severity ?? "warning",
        actor: entry.actor ?? "auto",
        outcome: "pending",
        data: entry.data,
      },
    });
    await this.publish(row);
    return row.id;
  }

  async finish(
    id: string,
    outcome: HealingResult,
    extra: { action?: string; durationMs?: number } = {},
  ): Promise<void> {
    const row = await this.db.healingEvent.update({
      where: { id },
      data: { outcome, finishedAt: new Date(), ...extra },
    });
    traceHealing(row);
    await this.publish(row);
  }

  /** A detection and its action in one step. */
  async record(entry: HealingStart & { outcome: HealingResult; durationMs?: number }): Promise<string> {
    const { outcome, durationMs, ...start } = entry;
    const row = await this.db.healingEvent.create({
      data: {
        ...start,
        severity: start.severity ?? "warning",
        actor: start.actor ?? "auto",
        outcome,
        durationMs,
        finishedAt: new Date(),
        data: start.data,
      },
    });
    traceHealing(row);
    await this.publish(row);
    return row.id;
  }

  /** Every entry goes out, those of no cluster (infrastructure) to the overview only. */
  private async publish(row: HealingEvent): Promise<void> {
    await this.events.publish({
      type: "healing",
      clusterId: row.clusterId,
      at: row.at.toISOString(),
      id: row.id,
      kind: row.kind,
      severity: row.severity,
      subject: row.subject,
      agentId: row.agentId,
      detail: row.detail,
      action: row.action,
      actor: row.actor,
      outcome: row.outcome,
      response: row.response,
      durationMs: row.durationMs,
    });
  }
}

/** A healing action as a span of its own (from detection to outcome), for the traces of the control plane. */
function traceHealing(row: HealingEvent): void {
  recordSpan(`heal ${row.kind}`, {
    parent: null,
    startTime: row.at.getTime(),
    endTime: row.finishedAt?.getTime(),
    attributes: {
      "myzel.heal.kind": row.kind,
      "myzel.heal.subject": row.subject,
      "myzel.heal.action": row.action ?? "",
      "myzel.heal.outcome": row.outcome,
      "myzel.heal.actor": row.actor,
      ...(row.clusterId ? { "myzel.cluster.id": row.clusterId } : {}),
      ...(row.agentId ? { "myzel.agent.id": row.agentId } : {}),
    },
    error: row.outcome === "failed" ? row.detail : null,
  });
}

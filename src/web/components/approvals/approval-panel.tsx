"use client";
import type { ApprovalState } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { DefinitionList, type DefinitionRow } from "../ui/definition-list";
import { Panel } from "../ui/panel";
import { ApprovalDecision } from "./approval-decision";

const DECISIONS = { approved: "Approved", rejected: "Rejected", timed_out: "Timed out" } as const;

/** A task's approval on its own page: who may decide and until when, or what was decided, by whom and why. */
export function ApprovalPanel({
  approval,
  taskId,
  waiting,
  canDecide,
}: {
  approval: ApprovalState;
  taskId: string;
  waiting: boolean;
  canDecide: boolean;
}) {
  const decided = approval.decision
    ? `${DECISIONS[approval.decision]} by ${approval.decidedBy ?? "–"}${approval.decidedAt ? ` at ${formatDateTime(approval.decidedAt)}` : ""}`
    : waiting
      ? "Waiting"
      : "Not decided (the task ended first)";
  return (
    <Panel
      className="mt-6"
      title="Approval"
      description={`Role ${approval.role} requires approval by an ${approval.approverRole.toLowerCase()} or admin`}
      id="approval"
    >
      <DefinitionList
        rows={[
          [
            "Decision",
            <span key="decision" data-testid="approval-decision">
              {decided}
            </span>,
          ],
          ...(approval.comment ? [["Comment", approval.comment] as DefinitionRow] : []),
          ["Requested", formatDateTime(approval.requestedAt)],
          ...(waiting
            ? [
                [
                  approval.onTimeout === "reject" ? "Rejected at" : "Escalated at",
                  formatDateTime(approval.dueAt),
                ] as DefinitionRow,
              ]
            : []),
          ...(approval.escalatedAt ? [["Escalated", formatDateTime(approval.escalatedAt)] as DefinitionRow] : []),
        ]}
      />
      {waiting && canDecide && (
        <div className="mt-4">
          <ApprovalDecision taskId={taskId} />
        </div>
      )}
    </Panel>
  );
}

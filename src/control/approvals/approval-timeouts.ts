/**
 * The leader's loop over tasks waiting for approval: one query a second finds those past
 * their timeout (see services/approval-timeouts). A periodic pass rather than a timer per task,
 * so a timeout survives a restart or a change of leader, and costs nothing per waiting task.
 */
import type { CoreDeps } from "../../core/deps";
import { every, type Loop } from "../../core/every";
import { settleOverdueApprovals } from "../../services/approval-timeouts";

const APPROVAL_PASS_MS = 1000;

export function approvalTimeouts(core: CoreDeps, isLeader: () => boolean): Loop {
  return every(
    APPROVAL_PASS_MS,
    async () => {
      if (!isLeader()) return;
      const settled = await settleOverdueApprovals(core);
      if (settled.rejected || settled.escalated || settled.orphaned)
        core.log.info(settled, "approvals past their timeout, or left by their parent, settled");
    },
    { log: core.log, name: "approval timeouts" },
  );
}

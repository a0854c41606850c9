/** The records the task store takes and returns. */
import type { ApprovalPolicy } from "../../domain/approvals/approval-policy";

/** What a task asks and of whom: what routing and the agent's job need. */
export interface TaskRequest {
  id: string;
  clusterId: string;
  targetKind: string;
  targetValue: string | null;
  type: string;
  payload: unknown;
  sessionKey: string | null;
  timeoutMs: number;
  /** 1 to 10, 10 the most urgent (domain/tasks/task-priority). */
  priority: number;
  /** W3C traceparent the agent's run is a child of (absent when nothing traced it). */
  traceparent?: string | null;
}

/** A new task as submitted or delegated; `agentId` set when routing already chose its agent. */
export interface NewTask extends TaskRequest {
  source: string;
  maxAttempts: number;
  agentId: string | null;
  parentTaskId?: string | null;
  rootTaskId?: string | null;
  depth?: number;
  chain?: string[];
  /** Set when its role requires approval: recorded AWAITING_APPROVAL, routed to no agent. */
  approval?: ApprovalPolicy | null;
}

export interface TaskStart {
  taskId: string;
  agentId: string;
  attempt: number;
  startedAt: number;
}

/** A report that ends a task: its attempt must still be the current one. */
export interface TaskSettlement {
  taskId: string;
  status: "SUCCEEDED" | "FAILED";
  agentId: string;
  attempt: number;
  result: unknown;
  error: string | null;
  usage: unknown;
  startedAt: number;
  finishedAt: number;
}

/** Which open tasks to send back to routing. */
export type SendBackScope =
  | { taskIds: readonly string[] }
  | { agentIds: readonly string[] }
  | { clusterId: string }
  | { everything: true };

export interface AgentWork {
  id: string;
  clusterId: string;
  key: string;
  status: "IDLE" | "BUSY";
  pid: number | null;
  circuit: string;
}

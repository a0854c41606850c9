/** An agent's status, as the database (enum AgentStatus), the API and the event stream know it. */
export const AGENT_STATUSES = ["PENDING", "STARTING", "IDLE", "BUSY", "FAILED", "STOPPED"] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

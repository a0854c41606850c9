/**
 * How fast agents heal on the servers and extra runners the model drives: small enough for a
 * breaker to open and close within a run. The test server (global-setup.ts) uses the same.
 */
export const MODEL_AGENT_SETTINGS = {
  MYZEL_AGENT_HEARTBEAT_INTERVAL_MS: "300",
  MYZEL_AGENT_RESTART_BASE_MS: "100",
  MYZEL_CIRCUIT_THRESHOLD: "3",
  MYZEL_CIRCUIT_COOLDOWN_MS: "2000",
  MYZEL_AGENT_STABLE_MS: "1500",
  MYZEL_TASK_RETRY_BASE_MS: "50",
};

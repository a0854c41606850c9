/**
 * Every Redis key, channel, stream and queue name Myzel uses, in one place. BullMQ queues
 * live under the prefix "myzel" (queue names may not contain ":").
 */
export const QUEUE_PREFIX = "myzel";

/** The scope of budgets over every cluster (a cluster's budgets are scoped by its id). */
export const GLOBAL_BUDGET_SCOPE = "global";

export const keys = {
  /** BullMQ queue of one agent: the tasks routed to it. */
  agentQueue: (agentId: string) => `agent.${agentId}`,
  /** BullMQ queue of one cluster's control tasks (spawn_agent, scale_cluster, delegate_task, …). */
  controlQueue: (clusterId: string) => `control.${clusterId}`,
  /** Heartbeat of an agent process (expires when it stops beating). */
  agentHeartbeat: (agentId: string) => `myzel:agent:${agentId}:heartbeat`,
  /** Channel an agent listens on for cancellations. */
  agentControl: (agentId: string) => `myzel:agent:${agentId}:control`,
  /** Stream of every live event (trimmed to the recent history), followed by every server. */
  events: "myzel:events",
  /**
   * The secret an agent signs its reports with (written by its runner; no agent's Redis user may
   * read it). It outlives the agent by a while, so its last reports are still checked.
   */
  agentSecret: (agentId: string) => `myzel:agent-secret:${agentId}`,
  /**
   * An agent's kept output (a capped stream). Outside `myzel:agent:<id>:*`, which the agent's own
   * Redis user may reach: what a person reads as its output comes from its runner, never from it.
   */
  agentOutput: (agentId: string) => `myzel:agent-output:${agentId}`,
  /** Where agents reach shared memory over HTTP: the server's public URL, written by each server at start. */
  memoryUrl: "myzel:memory-url",
  /** Stream of task outcomes, written by agents, read by the result recorder. */
  results: "myzel:results",
  resultsGroup: "recorders",
  /** Cached result of a finished task (TTL). */
  taskResult: (taskId: string) => `myzel:task:${taskId}:result`,
  /** List a delegating agent blocks on: ids of its subtasks as they finish. */
  subtaskDone: (parentTaskId: string) => `myzel:task:${parentTaskId}:subtasks-done`,
  /** Subtasks created so far under one root task (the delegation budget). */
  delegationBudget: (rootTaskId: string) => `myzel:task:${rootTaskId}:delegations`,
  /** Registry of runner nodes: info hash and heartbeat key. */
  node: (nodeId: string) => `myzel:node:${nodeId}`,
  nodeHeartbeat: (nodeId: string) => `myzel:node:${nodeId}:heartbeat`,
  nodesSet: "myzel:nodes",
  /** Channel telling a runner to look at its assignments now. */
  nodeSync: (nodeId: string) => `myzel:node:${nodeId}:sync`,
  /** The control plane's leader lease ("<holder>:<epoch>") and its epoch counter (the fencing token). */
  leader: "myzel:leader",
  leaderEpoch: "myzel:leader:epoch",
  /** Written at start-up; if a restarted Redis lacks it, Redis lost its data. */
  redisMarker: "myzel:redis:marker",
  /** The auto-scaler's decisions of the last hour for one cluster (newest first). */
  scalingDecisions: (clusterId: string) => `myzel:cluster:${clusterId}:scaling`,
  /** Every scaling decision ever made, counted per "<cluster>|<direction>|<outcome>" (for /metrics). */
  scalingDecisionCounts: "myzel:metrics:scaling-decisions",
  /** A chaos drill's state and report, and the lock that lets one drill run at a time. */
  drill: (drillId: string) => `myzel:drill:${drillId}`,
  drillLock: "myzel:drill:lock",
  /** Attempts counted by the sign-in rate limit (key: client address and path). */
  rateLimit: (key: string) => `myzel:rate-limit:${key}`,
  /** Held (with a TTL it renews) by the server writing a backup: one backup at a time. */
  backupLock: "myzel:backup:lock",
  /**
   * A provider's fleet-wide limiter (agents reach only their own provider's keys): the limits
   * the server writes (read-only to agents), the shared state (the GCRA clocks, a pause after a
   * 429, counters), the concurrency slots held (with their expiry) and the tasks waiting now.
   */
  providerLimits: (name: string) => `myzel:provider:${name}:limits`,
  providerState: (name: string) => `myzel:provider:${name}:state`,
  providerSlots: (name: string) => `myzel:provider:${name}:slots`,
  providerWaiting: (name: string) => `myzel:provider:${name}:waiting`,
  /** Set (with the reason) while a cluster's hard budget is spent: its agents make no provider calls. */
  clusterBudgetHold: (clusterId: string) => `myzel:cluster:${clusterId}:budget-hold`,
  /**
   * The hard limits a cluster's calls are admitted against, as JSON the server writes (read-only
   * to agents): per budget, its spent and in-flight keys, the limit and the period's end.
   */
  clusterBudgetLimits: (clusterId: string) => `myzel:cluster:${clusterId}:budget-limits`,
  /**
   * A budget's period in the limiter: what its calls cost (a counter) and what the calls under
   * way may cost (a hash, holder → "usd,expiry ms"). Scope: a cluster's id, or "global".
   */
  budgetSpent: (scope: string, period: string) => `myzel:budget:${scope}:${period}:spent`,
  budgetInFlight: (scope: string, period: string) => `myzel:budget:${scope}:${period}:in-flight`,
  /** Model → "input,output" US dollars per million tokens, as the admin set them (read-only to agents). */
  modelPrices: "myzel:model-prices",
  /** Set while a cluster's soft budget is reached (the notice was given). */
  clusterBudgetNotice: (clusterId: string) => `myzel:cluster:${clusterId}:budget-notice`,
  /** Channel telling the control plane to reconcile now. */
  reconcile: "myzel:reconcile",
} as const;

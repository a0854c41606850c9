/**
 * Shape checks for what reaches an agent process. The agent stays free of zod (the
 * schemas in src/schemas are the contract; these checks mirror them) because every
 * megabyte of an idle agent is multiplied by the number of agents.
 */
import type { AgentJob, RunnerMessage } from "../schemas/agent-protocol";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isString = (value: unknown): value is string => typeof value === "string";
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

export function isAgentJob(value: unknown): value is AgentJob {
  if (!isObject(value)) return false;
  return (
    isString(value.taskId) &&
    isString(value.clusterId) &&
    isString(value.type) &&
    isCount(value.attempt) &&
    isCount(value.timeoutMs) &&
    (value.timeoutMs as number) > 0 &&
    isCount(value.depth) &&
    isString(value.rootTaskId) &&
    Array.isArray(value.chain) &&
    value.chain.every(isString)
  );
}

export function isRunnerMessage(value: unknown): value is RunnerMessage {
  if (!isObject(value)) return false;
  if (value.type === "init")
    return (
      isObject(value.config) &&
      isString(value.config.agentId) &&
      isString(value.config.redisUrl) &&
      isString(value.config.resultSecret)
    );
  if (value.type === "subordinates") return Array.isArray(value.subordinateIds) && value.subordinateIds.every(isString);
  if (value.type === "ping") return Number.isInteger(value.seq);
  return false;
}

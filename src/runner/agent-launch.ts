/**
 * How the runner makes an agent process from the agent's record: its init config (no
 * secrets but the variables its blueprint allows), the OS user it runs as, and a spare
 * process when one fits.
 */
import os from "node:os";
import type { Settings } from "../env";
import { childProcessEnv, passThroughEnv } from "../env";
import { lookupUser, runningAsRoot } from "../infra/os-user";
import type { AgentConfig } from "../schemas/agent-protocol";
import type { BlueprintAgent } from "../schemas/blueprint";
import { ensureAgentBundle, sharedAgentBundle } from "./agent-bundle";
import { AgentProcess } from "./agent-process";
import { type SparePool, spareFits } from "./spare-pool";

/** What the runner reads of an agent's record to start it. */
export type StartableAgent = {
  id: string;
  clusterId: string;
  agentKey: string;
  role: string;
  name: string;
  capabilities: string[];
  spec: unknown;
};

type AgentSpec = { runtime: BlueprintAgent["runtime"]; concurrency?: number; limits?: BlueprintAgent["limits"] | null };

export interface LaunchContext {
  settings: Settings;
  /** The agent's own Redis user and the secret it signs its reports with (runner/agent-access.ts). */
  redisUrl: string;
  resultSecret: string;
  spares: SparePool;
}

/** The agent's process, not yet started; or the OS user it should run as, when that user does not exist. */
export async function agentProcessFor(
  agent: StartableAgent,
  subordinateIds: string[],
  { settings, redisUrl, resultSecret, spares }: LaunchContext,
): Promise<{ process: AgentProcess } | { missingUser: string }> {
  const spec = agent.spec as AgentSpec;
  const config: AgentConfig = {
    agentId: agent.id,
    clusterId: agent.clusterId,
    key: agent.agentKey,
    role: agent.role,
    name: agent.name,
    capabilities: agent.capabilities,
    runtime: spec.runtime,
    concurrency: spec.concurrency ?? 1,
    redisUrl,
    resultSecret,
    heartbeatIntervalMs: settings.AGENT_HEARTBEAT_INTERVAL_MS,
    // The key outlives the allowed misses, so a hang is judged by its age, not by its absence.
    heartbeatTtlMs: settings.AGENT_HEARTBEAT_INTERVAL_MS * (settings.AGENT_HEARTBEAT_MISSES + 1),
    stopGraceMs: settings.AGENT_STOP_GRACE_MS,
    subordinateIds,
    env: passThroughEnv(envNamesOf(spec.runtime)),
  };
  let owner: { uid?: number; gid?: number } = {};
  if (spec.limits?.user && runningAsRoot()) {
    const user = lookupUser(spec.limits.user);
    if (!user) return { missingUser: spec.limits.user };
    owner = user;
  }
  const spare = spareFits({ uid: owner.uid, memoryMb: spec.limits?.memory_mb, concurrency: config.concurrency })
    ? spares.take()
    : undefined;
  const process = new AgentProcess({
    spare,
    bundle: owner.uid === undefined ? await ensureAgentBundle() : await sharedAgentBundle(),
    config,
    env: agentEnv(),
    memoryMb: spec.limits?.memory_mb,
    memoryLimitMb: spec.limits?.memory_mb,
    // Another OS user may not be able to enter the folder Myzel runs from.
    cwd: owner.uid === undefined ? undefined : os.tmpdir(),
    ...owner,
    readyTimeoutMs: settings.AGENT_READY_TIMEOUT_MS,
  });
  return { process };
}

/** What every agent process starts with: no secrets; its blueprint's variables come with init. */
export function agentEnv(): NodeJS.ProcessEnv {
  return childProcessEnv({ NODE_ENV: "production" });
}

function envNamesOf(runtime: BlueprintAgent["runtime"]): string[] {
  if (runtime.type === "command") return runtime.env_allow ?? [];
  if (runtime.type === "llm") return runtime.api_key_env ? [runtime.api_key_env] : [];
  return [];
}

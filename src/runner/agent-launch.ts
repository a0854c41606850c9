/**
 * How the runner makes an agent process from the agent's record: its init config (no
 * secrets but the variables its blueprint allows), the OS user it runs as, its own working
 * folder, and a spare process when one fits.
 */

import { type AgentOutputLog, OUTPUT_LINE_MAX } from "../core/logs/agent-output";
import { agentCredential } from "../domain/memory/agent-credential";
import type { Settings } from "../env";
import { childProcessEnv, passThroughEnv } from "../env";
import { cpuControl } from "../infra/cgroup";
import type { Logger } from "../infra/logger";
import type { AgentConfig } from "../schemas/agent-protocol";
import type { BlueprintAgent } from "../schemas/blueprint";
import type { AgentProvider } from "../schemas/provider-api";
import { agentBundleFor } from "./agent-bundle";
import { agentOwner, defaultAgentOwner, prepareAgentHome } from "./agent-home";
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

type AgentSpec = {
  runtime: BlueprintAgent["runtime"];
  concurrency?: number;
  limits?: BlueprintAgent["limits"] | null;
  memory?: BlueprintAgent["memory"] | null;
};

export interface LaunchContext {
  settings: Settings;
  log: Logger;
  /** The agent's own Redis user and the secret it signs its reports with (runner/agent-access.ts). */
  redisUrl: string;
  resultSecret: string;
  /** Where the server offers shared memory to agents (null: none announced). */
  memoryUrl: string | null;
  /** The provider its role names, as defined now (undefined: none named, or not defined). */
  provider?: AgentProvider;
  spares: SparePool;
  /** Where each agent's stdout and stderr are kept for people to read. */
  output: AgentOutputLog;
}

/** The agent's process, not yet started; or the OS user it should run as, when that user does not exist. */
export async function agentProcessFor(
  agent: StartableAgent,
  subordinateIds: string[],
  { settings, log, redisUrl, resultSecret, memoryUrl, provider, spares, output }: LaunchContext,
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
    env: passThroughEnv([...envNamesOf(spec.runtime), ...(provider?.apiKeyEnv ? [provider.apiKeyEnv] : [])]),
    ...(provider ? { provider } : {}),
    ...(memoryUrl ? { memory: { url: memoryUrl, token: agentCredential(agent.id, resultSecret) } } : {}),
    ...(spec.memory ? { roleMemory: spec.memory } : {}),
    // Only where to send spans: the collector's address is no secret, and nothing else of the server's goes along.
    ...(settings.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
  };
  const owner = await agentOwner(spec.limits?.user);
  if (!owner) return { missingUser: spec.limits?.user ?? "" };
  // Never the repository or the data folder: a folder of its own, that only its user may enter.
  config.workDir = prepareAgentHome(settings.agentHomeDir, agent.id, owner);
  if (spec.limits?.cpu !== undefined && cpuControl() === "none")
    log.warn(
      { agent: agent.agentKey, cpu: spec.limits.cpu },
      "limits.cpu is not enforced on this host (no cgroup cpu controller): the agent only runs at a lower priority",
    );
  const fits = { uid: owner.uid, memoryMb: spec.limits?.memory_mb, concurrency: config.concurrency };
  const bundle = await agentBundleFor(owner);
  // Taken last, with nothing left to await or fail: a spare taken is always started or killed.
  const spare = spareFits(fits, (await defaultAgentOwner()).uid) ? spares.take() : undefined;
  const process = new AgentProcess({
    spare,
    bundle,
    config,
    env: agentEnv(),
    memoryMb: spec.limits?.memory_mb,
    memoryLimitMb: spec.limits?.memory_mb,
    cpu: spec.limits?.cpu,
    cwd: config.workDir,
    ...owner,
    readyTimeoutMs: settings.AGENT_READY_TIMEOUT_MS,
    onOutput: (stream, lines) => output.append(agent.id, stream, lines),
    outputLineMax: OUTPUT_LINE_MAX,
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

/**
 * Where and as whom an agent process runs on this host: as root, an OS user of its own
 * (never root unless its blueprint says so); always in a working folder of its own, outside
 * the data folder and the repository, that only its user may enter.
 */
import { chmodSync, chownSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { planAgentUser } from "../domain/host/agent-host";
import { ensureSystemUser, lookupUser, type OsUser, runningAsRoot } from "../infra/os-user";

/** uid/gid to run as; empty for the runner's own user. */
export type AgentOwner = Partial<OsUser>;

let defaultOwner: Promise<AgentOwner> | undefined;

/** The OS user of an agent: the blueprint's `limits.user`, else the default; undefined when it does not exist. */
export async function agentOwner(requested: string | undefined): Promise<AgentOwner | undefined> {
  const plan = planAgentUser({ runnerIsRoot: runningAsRoot(), requested });
  if (plan.kind === "runner") return {};
  if (plan.kind === "root") return { uid: 0, gid: 0 };
  if (!plan.create) return lookupUser(plan.name);
  defaultOwner ??= ensureSystemUser(plan.name).catch((error) => {
    defaultOwner = undefined;
    throw error;
  });
  return defaultOwner;
}

/** The user an agent without `limits.user` runs as (what spare processes are made as). */
export const defaultAgentOwner = () => agentOwner(undefined) as Promise<AgentOwner>;

/** The agent's working folder, made (mode 0700, owned by its user) when missing. */
export function prepareAgentHome(base: string, agentId: string, owner: AgentOwner): string {
  // The base is the runner's: agents may pass through it to their own folder, not write in it.
  mkdirSync(base, { recursive: true, mode: 0o755 });
  chmodSync(base, 0o755);
  const dir = path.join(base, agentId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid ?? owner.uid);
  return dir;
}

/** Removes the agent's working folder and all it holds. */
export function removeAgentHome(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * One spare agent process, forked ahead of time with the default profile (the default agent
 * user, no memory limit, small young generation), loaded and waiting for its init message:
 * turning it into an agent skips the fork and module loading, which is most of a restart's time.
 */
import { type ChildProcess, fork } from "node:child_process";
import os from "node:os";
import { trackChildGroup } from "../infra/child-groups";
import { agentBundleFor } from "./agent-bundle";
import { type AgentOwner, defaultAgentOwner } from "./agent-home";
import { semiSpaceMb } from "./agent-process";

export function forkSpare(bundle: string, env: NodeJS.ProcessEnv, owner: AgentOwner = {}): ChildProcess {
  const child = fork(bundle, [], {
    env,
    ...owner,
    // Until init names its folder (it moves there): a place every user may stand in.
    cwd: os.tmpdir(),
    execArgv: [`--max-semi-space-size=${semiSpaceMb(1)}`],
    // Its output is read once it becomes an agent (agent-process.ts); until then it writes nothing.
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    serialization: "advanced",
    // Its own process group, as every agent's (agent-process.ts): only its runner stops it.
    detached: true,
  });
  child.on("error", () => {});
  return trackChildGroup(child);
}

/** Whether a spare (default profile, made as `spareUid`) can become this agent. */
export function spareFits(
  opts: { uid?: number; memoryMb?: number; concurrency: number },
  spareUid: number | undefined,
): boolean {
  return opts.uid === spareUid && !opts.memoryMb && semiSpaceMb(opts.concurrency) === semiSpaceMb(1);
}

export class SparePool {
  private spare?: ChildProcess;
  private stopped = false;

  constructor(private readonly env: () => NodeJS.ProcessEnv) {}

  /** The waiting spare (if it is still alive), replaced by a new one in the background. */
  take(): ChildProcess | undefined {
    const spare = this.spare;
    this.spare = undefined;
    void this.refill();
    return spare && spare.exitCode === null && spare.signalCode === null && spare.connected ? spare : undefined;
  }

  async refill(): Promise<void> {
    if (this.stopped || this.spare) return;
    const owner = await defaultAgentOwner();
    const bundle = await agentBundleFor(owner);
    // Stopped (or refilled) while the bundle was checked: no process may outlive the runner.
    if (this.stopped || this.spare) return;
    const child = forkSpare(bundle, this.env(), owner);
    this.spare = child;
    child.once("exit", () => {
      if (this.spare === child) this.spare = undefined;
    });
  }

  stop(): void {
    this.stopped = true;
    this.spare?.kill("SIGKILL");
  }
}

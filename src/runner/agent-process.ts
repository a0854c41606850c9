/**
 * One supervised agent process: fork with a minimal environment, handshake (init → ready)
 * within a deadline, typed messages, and SIGTERM → SIGKILL escalation on stop. A process
 * that failed is never reused: the runner starts a new one.
 */
import { type ChildProcess, fork } from "node:child_process";
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import os from "node:os";
import { flushLines, type LineBuffer, takeLines } from "../domain/agent-output/line-buffer";
import { type CpuPlan, planCpuLimit } from "../domain/host/agent-host";
import { type CpuGroup, confineCpu, cpuControl } from "../infra/cgroup";
import { trackChildGroup } from "../infra/child-groups";
import { stopChild } from "../infra/embedded/child-service";
import { type AgentConfig, agentMessage, type RunnerMessage } from "../schemas/agent-protocol";
import { removeAgentHome } from "./agent-home";

export interface AgentProcessOptions {
  /** A spare process forked ahead of time with the default profile (spare-pool). */
  spare?: ChildProcess;
  bundle: string;
  config: AgentConfig;
  env: NodeJS.ProcessEnv;
  memoryMb?: number;
  /** Above this resident memory the runner recycles it (limits.memory_mb). */
  memoryLimitMb?: number;
  /** CPU share in cores (limits.cpu): a cgroup quota where the host offers one, else a lower priority. */
  cpu?: number;
  /** Working directory (default: the runner's); removed when the agent is stopped. */
  cwd?: string;
  uid?: number;
  gid?: number;
  readyTimeoutMs: number;
  /** Each line the process writes to stdout or stderr (kept for people to read: core/logs/agent-output). */
  onOutput?: (stream: "stdout" | "stderr", lines: string[]) => void;
  /** Lines longer than this are cut. */
  outputLineMax?: number;
}

/**
 * V8's young generation: 1 MB keeps an idle agent under 60 MB; an agent that runs many tasks at
 * once allocates faster and gets more room, so it does not spend its time collecting garbage.
 */
export function semiSpaceMb(concurrency: number): number {
  return concurrency > 8 ? 4 : 1;
}

/** The newest process working in each agent folder. */
const homeUsers = new Map<string, AgentProcess>();

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null; expected: boolean };

export class AgentProcess extends EventEmitter<{ ready: [pid: number]; exit: [ExitInfo] }> {
  private child?: ChildProcess;
  private stopping = false;
  private cpuGroup?: CpuGroup;
  /** How its CPU share is held; `priority` means the share is not enforced. */
  cpuPlan: CpuPlan = { kind: "unlimited" };

  /** Asked to stop (draining): it may delete its heartbeat before it exits. */
  get isStopping(): boolean {
    return this.stopping;
  }
  readonly startedAt = Date.now();
  /** When it reported ready (undefined while starting). */
  readyAt?: number;
  /** When it last answered anything over IPC (ready, pong): a sign its event loop runs. */
  lastAnswerAt?: number;
  private pingSeq = 0;

  constructor(private readonly options: AgentProcessOptions) {
    super();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get memoryLimitMb(): number | undefined {
    return this.options.memoryLimitMb;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the pid once the agent says it is ready; rejects (and kills it) otherwise. */
  start(): Promise<number> {
    const { bundle, config, env, memoryMb, cwd, uid, gid, readyTimeoutMs } = this.options;
    const child =
      this.options.spare ??
      fork(bundle, [], {
        env,
        cwd,
        uid,
        gid,
        execArgv: [
          `--max-semi-space-size=${semiSpaceMb(config.concurrency)}`,
          ...(memoryMb ? [`--max-old-space-size=${memoryMb}`] : []),
        ],
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        serialization: "advanced",
        // Its own process group: a terminal's Ctrl-C goes to the server, which drains agents in order.
        detached: true,
      });
    this.child = trackChildGroup(child);
    if (config.workDir) homeUsers.set(config.workDir, this);
    this.limitCpu(child);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer | string) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    this.keepOutput(child);
    child.once("exit", (code, signal) => {
      this.cpuGroup?.release();
      this.emit("exit", { code, signal, expected: this.stopping });
    });
    // A failed fork or a message to a process that just died arrives here; the exit event tells the rest.
    child.on("error", () => {});
    child.on("message", (raw: unknown) => {
      if (agentMessage.safeParse(raw).data?.type === "pong") this.lastAnswerAt = Date.now();
    });

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`did not report ready within ${readyTimeoutMs} ms`), readyTimeoutMs);
      const onExit = (code: number | null, signal: string | null) =>
        fail(`exited during start-up (${code ?? signal}) ${stderr.trim()}`);
      const onMessage = (raw: unknown) => {
        const message = agentMessage.safeParse(raw);
        if (!message.success) return;
        if (message.data.type === "ready") {
          cleanup();
          this.readyAt = this.lastAnswerAt = Date.now();
          this.emit("ready", message.data.pid);
          resolve(message.data.pid);
        } else if (message.data.type === "fatal") fail(message.data.message);
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off("exit", onExit);
        child.off("message", onMessage);
      };
      function fail(reason: string) {
        cleanup();
        child.kill("SIGKILL");
        reject(new Error(`agent ${config.key}: ${reason}`));
      }
      child.on("message", onMessage);
      child.once("exit", onExit);
      this.send({ type: "init", config });
    });
  }

  /** Read always (a pipe nobody reads would block the agent once full); lines go to `onOutput`. */
  private keepOutput(child: ChildProcess): void {
    const { onOutput, outputLineMax = 1000 } = this.options;
    for (const stream of ["stdout", "stderr"] as const) {
      const source = child[stream];
      if (!source) continue;
      source.setEncoding("utf8");
      let buffer: LineBuffer = { carry: "" };
      source.on("data", (chunk: string) => {
        const taken = takeLines(buffer, chunk, outputLineMax);
        buffer = taken.buffer;
        onOutput?.(stream, taken.lines);
      });
      source.once("end", () => onOutput?.(stream, flushLines(buffer)));
    }
  }

  /**
   * Before init, so every task and tool it starts is inside the limit. A host that refuses the
   * group leaves a lower priority: the share is then not enforced, and `cpuPlan` says so.
   */
  private limitCpu(child: ChildProcess): void {
    const { cpu, config } = this.options;
    if (!child.pid) return;
    this.cpuPlan = planCpuLimit(cpu, cpuControl());
    if (this.cpuPlan.kind === "quota") {
      try {
        this.cpuGroup = confineCpu(child.pid, `${config.agentId}-${child.pid}`, this.cpuPlan);
        return;
      } catch {
        this.cpuPlan = planCpuLimit(cpu, "none");
      }
    }
    if (this.cpuPlan.kind === "priority") {
      try {
        os.setPriority(child.pid, this.cpuPlan.niceness);
      } catch {}
    }
  }

  /** Asks for a `pong` (see `lastAnswerAt`); a process that is stopped or blocked cannot answer. */
  ping(): void {
    this.send({ type: "ping", seq: ++this.pingSeq });
  }

  send(message: RunnerMessage): void {
    if (this.child?.connected) this.child.send(message, () => {});
  }

  /** Resident memory in MB (from /proc), or undefined when it cannot be read. */
  rssMb(): number | undefined {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.child?.pid}/status`, "utf8"))?.[1];
      return kb ? Number(kb) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** SIGTERM (it drains what it holds), SIGKILL after `graceMs`; the exit counts as unexpected. */
  recycle(graceMs: number): void {
    if (this.child) void stopChild(this.child, "SIGTERM", graceMs);
  }

  /** It will not be started (its runner stopped meanwhile): the spare it was given goes. */
  discard(): void {
    this.options.spare?.kill("SIGKILL");
  }

  /** Kills it now (a hung agent): the exit counts as unexpected. */
  kill(): void {
    this.child?.kill("SIGKILL");
  }

  /** SIGTERM (the agent finishes what it holds), then SIGKILL after `graceMs`; then its folder goes. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (this.child) await stopChild(this.child, "SIGTERM", graceMs);
    // Kept across crash restarts (the same agent comes back to it); gone once the agent is
    // stopped, unless a newer process of the same agent already works in it.
    const home = this.options.config.workDir;
    if (home && homeUsers.get(home) === this) {
      homeUsers.delete(home);
      removeAgentHome(home);
    }
  }
}

/**
 * A session's tool process: started once, written to many times. Without a terminal its stderr
 * is joined to its stdout by the operating system (a `2>&1` before `exec`), so an error and the
 * sentinel after it arrive in the order the tool wrote them. With `pty`, node-pty gives it a
 * terminal (for tools that insist on one). Either way it leads its own process group, so an
 * interrupt or a kill reaches everything it started.
 */
import { spawn } from "node:child_process";

export interface ToolProcess {
  readonly pid: number;
  write(text: string): void;
  /** Ctrl-C: the tool should abandon the current input and keep its state. */
  interrupt(): void;
  kill(): void;
  onData(listener: (text: string) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
}

export interface ToolLaunch {
  argv: string[];
  cwd?: string;
  env: Record<string, string | undefined>;
  pty: boolean;
}

export async function startTool(launch: ToolLaunch): Promise<ToolProcess> {
  return launch.pty ? await startInTerminal(launch) : startWithPipes(launch);
}

function startWithPipes({ argv, cwd, env }: ToolLaunch): ToolProcess {
  // The shell only joins the streams and replaces itself with the tool; argv is passed as
  // positional parameters, never interpreted.
  const child = spawn("/bin/sh", ["-c", 'exec "$@" 2>&1', "sh", ...argv], {
    cwd,
    env: env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["pipe", "pipe", "ignore"],
  });
  child.stdin.on("error", () => {}); // a tool that died while being written to: its exit tells why
  child.stdout.setEncoding("utf8");
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  };
  return {
    pid: child.pid ?? -1,
    write: (text) => void child.stdin.write(text),
    interrupt: () => signalGroup("SIGINT"),
    kill: () => signalGroup("SIGKILL"),
    onData: (listener) => void child.stdout.on("data", listener),
    onExit: (listener) => {
      child.once("error", () => listener(127, null));
      child.once("exit", (code, signal) => listener(code, signal));
    },
  };
}

interface Pty {
  pid: number;
  write(data: string): void;
  kill(signal?: string): void;
  onData(listener: (data: string) => void): void;
  onExit(listener: (event: { exitCode: number; signal?: number }) => void): void;
}

async function startInTerminal({ argv, cwd, env }: ToolLaunch): Promise<ToolProcess> {
  // Loaded only here: a native addon that most agents never need (and the bundle leaves out).
  const pty = (await import("node-pty")) as unknown as {
    spawn(file: string, args: string[], options: Record<string, unknown>): Pty;
  };
  const term = pty.spawn(argv[0]!, argv.slice(1), {
    name: "dumb",
    cols: 200,
    rows: 50,
    cwd,
    env: { ...env, TERM: "dumb" },
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-term.pid, signal);
    } catch {
      term.kill(signal);
    }
  };
  return {
    pid: term.pid,
    write: (text) => term.write(text.replace(/\n/g, "\r")),
    interrupt: () => term.write("\u0003"),
    kill: () => signalGroup("SIGKILL"),
    onData: (listener) => term.onData(listener),
    onExit: (listener) =>
      term.onExit(({ exitCode, signal }) => listener(signal ? null : exitCode, signal ? String(signal) : null)),
  };
}

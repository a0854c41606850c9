/**
 * The process groups this process started (embedded services, agents, spares, drill runners):
 * each child leads a group of its own, so a terminal's Ctrl-C reaches only the server, which
 * stops them in order. If that orderly stop runs out of time, `killChildGroups` ends what is
 * left, with whatever those children started, so nothing outlives the server.
 */
import type { ChildProcess } from "node:child_process";

const groups = new Set<number>();

/** Remembers a child started with `detached: true` until it exits. */
export function trackChildGroup(child: ChildProcess): ChildProcess {
  const pid = child.pid;
  if (pid === undefined) return child;
  groups.add(pid);
  child.once("exit", () => groups.delete(pid));
  return child;
}

/** Signals every group still running; returns how many there were. */
export function killChildGroups(signal: NodeJS.Signals = "SIGKILL"): number {
  let signalled = 0;
  for (const pid of groups) {
    try {
      process.kill(-pid, signal);
      signalled++;
    } catch {
      // Gone between its exit and the exit event.
    }
  }
  return signalled;
}

import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { killChildGroups, trackChildGroup } from "./child-groups";

/** Running: in the process table and not a zombie (an orphan's exit is reaped by init, when init reaps). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
};

describe("child process groups", () => {
  it("kills a child and what it started, and forgets children that exited", async () => {
    // A shell that starts a grandchild and prints its pid: the grandchild is in the child's group.
    const child = trackChildGroup(
      spawn("sh", ["-c", "sleep 60 & echo $!; wait"], { detached: true, stdio: ["ignore", "pipe", "ignore"] }),
    );
    const [line] = await once(child.stdout!, "data");
    const grandchild = Number(String(line).trim());
    expect(alive(grandchild)).toBe(true);
    expect(killChildGroups()).toBe(1);
    await once(child, "exit");
    await expect.poll(() => alive(grandchild)).toBe(false);
    expect(killChildGroups()).toBe(0);
  });
});

/**
 * What an agent can reach on its host: as root, agents and their tools run as an OS user of
 * their own (root only when the blueprint asks), each in a folder of its own, with the data
 * folder and its secrets out of reach, and with the CPU share their blueprint gives them.
 */
import { readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { cpuControl } from "../../src/infra/cgroup";
import { client, deleteCreatedClusters, sql } from "./helpers";
import { agentsOf, pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

const asRoot = process.getuid?.() === 0;
const homeOf = (agentId: string) => path.join(os.tmpdir(), "myzel-agents", "work", agentId);
const uidOf = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);

/** A command tool that prints what it is: `sh -c` with the given script (the prompt is ignored). */
const shell = (script: string) => `{ type: command, argv: [sh, -c, ${JSON.stringify(script)}] }`;

async function runOnce(clusterId: string) {
  const task = await client().tasks.submit.mutate({ id: clusterId, role: "worker", payload: "x", waitMs: 15_000 });
  expect(task.status).toBe("SUCCEEDED");
  return (task.result as { stdout: string }).stdout;
}

describe("what an agent can reach on the host", () => {
  it("runs a tool as an unprivileged user in a folder of its own, with the data folder out of reach", async () => {
    const dataDir = inject("dataDir");
    const cluster = await pool({
      workers: 1,
      runtime: shell(
        `id -u; pwd; ls ${dataDir} 2>&1; ls ${dataDir}/postgres 2>&1; cat ${dataDir}/redis.password ${dataDir}/postgres-app.password ${dataDir}/endpoints.json 2>&1; true`,
      ),
    });
    const [agent] = await agentsOf(cluster.id);
    const [uid, cwd, ...rest] = (await runOnce(cluster.id)).trim().split("\n");
    if (asRoot) {
      expect(Number(uid)).toBeGreaterThan(0);
      // The folder, the database cluster's folder, then each of the three files.
      expect(rest.filter((line) => line.includes("Permission denied"))).toHaveLength(5);
    } else expect(Number(uid)).toBe(process.getuid?.());
    expect(rest.join("\n")).not.toContain("redis://");
    expect(cwd).toBe(homeOf(agent!.id));
    const home = statSync(homeOf(agent!.id));
    expect(home.mode & 0o777).toBe(0o700);
    expect(home.uid).toBe(Number(uid));

    await client().clusters.delete.mutate({ id: cluster.id });
    await expect
      .poll(() => statSync(homeOf(agent!.id), { throwIfNoEntry: false }), { timeout: 20_000 })
      .toBeUndefined();
  });

  it.runIf(asRoot)("runs as root only when the blueprint asks for it with limits.user: root", async () => {
    const cluster = await pool({ workers: 1, runtime: shell("id -u"), limits: "{ user: root }" });
    expect((await runOnce(cluster.id)).trim()).toBe("0");
    const [agent] = await agentsOf(cluster.id);
    expect(uidOf(agent!.pid!)).toBe(0);
  });

  it("holds an agent and its tools to limits.cpu", async () => {
    const cluster = await pool({
      workers: 1,
      // The tool spins for a moment: it is counted against the agent's share, not beside it.
      runtime: shell("cat /proc/self/cgroup; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"),
      limits: "{ cpu: 0.2 }",
    });
    const [agent] = await agentsOf(cluster.id);
    const control = cpuControl();
    if (control === "none") {
      // No cgroup to hold the share: the agent only runs at a lower priority.
      const niceness = Number(readFileSync(`/proc/${agent!.pid}/stat`, "utf8").split(") ")[1]!.split(" ")[16]);
      expect(niceness).toBe(10);
      return;
    }
    const group = cpuGroupOf(agent!.pid!, control);
    expect(path.basename(group)).toBe(`${agent!.id}-${agent!.pid}`);
    if (control === "cgroup-v2") expect(readFileSync(path.join(group, "cpu.max"), "utf8").trim()).toBe("20000 100000");
    else {
      expect(readFileSync(path.join(group, "cpu.cfs_quota_us"), "utf8").trim()).toBe("20000");
      expect(readFileSync(path.join(group, "cpu.cfs_period_us"), "utf8").trim()).toBe("100000");
    }
    // The tool's own /proc/self/cgroup names the agent's group.
    expect(await runOnce(cluster.id)).toContain(`${agent!.id}-${agent!.pid}`);

    await client().clusters.delete.mutate({ id: cluster.id });
    await expect.poll(() => statSync(group, { throwIfNoEntry: false }), { timeout: 20_000 }).toBeUndefined();
  });

  it("signs the application in to its database as a role that is not a superuser", async () => {
    expect(await sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).toEqual([{ rolsuper: false }]);
    // It owns its database (and so may migrate it) without being able to reach past it.
    expect(
      await sql(
        "SELECT pg_get_userbyid(datdba) = current_user AS owns FROM pg_database WHERE datname = current_database()",
      ),
    ).toEqual([{ owns: true }]);
  });
});

/** The folder of the cgroup the process is in, from /proc/<pid>/cgroup. */
function cpuGroupOf(pid: number, control: "cgroup-v2" | "cgroup-v1"): string {
  const lines = readFileSync(`/proc/${pid}/cgroup`, "utf8").split("\n");
  if (control === "cgroup-v2") {
    const own = lines.find((l) => l.startsWith("0::"))!.slice(3);
    const mount = statSync("/sys/fs/cgroup/cgroup.controllers", { throwIfNoEntry: false })
      ? "/sys/fs/cgroup"
      : "/sys/fs/cgroup/unified";
    return path.join(mount, own);
  }
  const line = lines.map((l) => l.split(":")).find((f) => f[1]?.split(",").includes("cpu"))!;
  return path.join("/sys/fs/cgroup", line[1]!, line[2]!);
}

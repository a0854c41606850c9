/**
 * Each agent reaches Redis as its own ACL user: it can do its own work and nothing else (no
 * other cluster's control queue, no rate-limit keys, no other agent's queue, no events), the
 * server's Redis password never reaches it, its user goes with its process, and a report
 * claiming another agent's id is not recorded.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { signReport } from "../../src/domain/tasks/outcome-signature";
import { agentUserName } from "../../src/infra/acl/acl-rules";
import { redisUrlFor } from "../../src/infra/acl/redis-acl";
import { keys, QUEUE_PREFIX } from "../../src/infra/keys";
import { RESULT_FIELDS } from "../../src/schemas/agent-protocol";
import { activeCluster, client, deleteCreatedClusters, teamBlueprint, uploadBlueprint } from "./helpers";
import { agentsOf, pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

const server = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 3 });
afterAll(() => server.disconnect());

const agentUsers = async () =>
  ((await server.call("ACL", "USERS")) as string[]).filter((u) => u.startsWith("myzel-agent-"));
const serverPassword = () => decodeURIComponent(new URL(inject("redisUrl")).password);

/** A connection as the agent's own Redis user: a second password is added to it, its own stays. */
async function connectAs(agentId: string): Promise<Redis> {
  const password = `test-${randomUUID()}`;
  await server.call("ACL", "SETUSER", agentUserName(agentId), `>${password}`);
  return new Redis(redisUrlFor(inject("redisUrl"), agentUserName(agentId), password), { maxRetriesPerRequest: 1 });
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => "allowed",
    (error: Error) => error.message.split(" ")[0],
  );

describe("an agent's Redis user", () => {
  it("exists for each running agent and may do its own work, and nothing else", async () => {
    const cluster = await pool({ workers: 2 });
    const other = await pool({ workers: 1 });
    const [mine, sibling] = await agentsOf(cluster.id);
    const users = await agentUsers();
    for (const agent of [mine!, sibling!]) expect(users).toContain(agentUserName(agent.id));

    const agent = await connectAs(mine!.id);
    const foreignControl = new Queue(keys.controlQueue(other.id), { connection: agent, prefix: QUEUE_PREFIX });
    try {
      expect(await agent.ping()).toBe("PONG");
      expect(await refusal(agent.set(keys.agentHeartbeat(mine!.id), "{}", "PX", 60_000))).toBe("allowed");
      expect({
        otherClustersControlQueue: await refusal(foreignControl.add("task", { role: "worker", payload: "forged" })),
        rateLimitKey: await refusal(agent.set(keys.rateLimit("127.0.0.1:/sign-in"), "0")),
        otherAgentsQueue: await refusal(agent.lrange(`${QUEUE_PREFIX}:${keys.agentQueue(sibling!.id)}:wait`, 0, -1)),
        otherAgentsHeartbeat: await refusal(agent.set(keys.agentHeartbeat(sibling!.id), "{}")),
        publishEvents: await refusal(agent.publish("myzel:events", "{}")),
        readResults: await refusal(agent.xrange(keys.results, "-", "+")),
        writeResultCache: await refusal(agent.set(keys.taskResult(randomUUID()), "{}")),
        readSecrets: await refusal(agent.get(keys.agentSecret(sibling!.id))),
        manageUsers: await refusal(agent.call("ACL", "LIST")),
        flush: await refusal(agent.flushall()),
      }).toEqual({
        otherClustersControlQueue: "NOPERM",
        rateLimitKey: "NOPERM",
        otherAgentsQueue: "NOPERM",
        otherAgentsHeartbeat: "NOPERM",
        publishEvents: "NOPERM",
        readResults: "NOPERM",
        writeResultCache: "NOPERM",
        readSecrets: "NOPERM",
        manageUsers: "NOPERM",
        flush: "NOPERM",
      });
    } finally {
      await foreignControl.close();
      agent.disconnect();
    }
    // The agents still work as before, and Redis refused nothing they asked themselves.
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 });
    expect(task.status).toBe("SUCCEEDED");
    const log = (await server.call("ACL", "LOG", "128")) as string[][];
    const refusedToAgents = log
      .map((entry) => Object.fromEntries(entry.flatMap((v, i) => (i % 2 ? [] : [[v, entry[i + 1]]]))))
      .filter((e) => String(e["client-info"]).includes("name=myzel:agent"));
    expect(refusedToAgents).toEqual([]);
  });

  it("of an agent whose role names a provider reaches that provider's limiter, and only to take turns", async () => {
    const name = `p-${randomUUID().slice(0, 8)}`;
    const otherName = `p-${randomUUID().slice(0, 8)}`;
    for (const provider of [name, otherName])
      await client().providers.put.mutate({
        name: provider,
        baseUrl: "http://127.0.0.1:9/v1",
        limits: { requestsPerMinute: 600, tokensPerMinute: null, concurrentRequests: 4 },
      });
    const cluster = await pool({ workers: 1, runtime: `{ type: llm, provider: ${name}, model: m }` });
    const [mine] = await agentsOf(cluster.id);
    const agent = await connectAs(mine!.id);
    try {
      expect({
        readLimits: await refusal(agent.hget(keys.providerLimits(name), "rpm")),
        updateState: await refusal(agent.hincrby(keys.providerState(name), "requests", 0)),
        takeSlot: await refusal(agent.zadd(keys.providerSlots(name), 1, "probe")),
        readBudgetHold: await refusal(agent.exists(keys.clusterBudgetHold(cluster.id))),
        raiseLimits: await refusal(agent.hset(keys.providerLimits(name), "rpm", 1_000_000)),
        liftBudgetHold: await refusal(agent.del(keys.clusterBudgetHold(cluster.id))),
        dropState: await refusal(agent.del(keys.providerState(name))),
        otherProvider: await refusal(agent.hincrby(keys.providerState(otherName), "requests", 1)),
        otherClustersHold: await refusal(agent.exists(keys.clusterBudgetHold(randomUUID()))),
      }).toEqual({
        readLimits: "allowed",
        updateState: "allowed",
        takeSlot: "allowed",
        readBudgetHold: "allowed",
        raiseLimits: "NOPERM",
        liftBudgetHold: "NOPERM",
        dropState: "NOPERM",
        otherProvider: "NOPERM",
        otherClustersHold: "NOPERM",
      });
    } finally {
      await agent.zrem(keys.providerSlots(name), "probe").catch(() => {});
      agent.disconnect();
    }
  });

  it("is gone with its agents when their cluster is destroyed", async () => {
    const cluster = await pool({ workers: 2 });
    const ids = (await client().agents.list.query({ id: cluster.id })).map((a) => a.id);
    expect(await agentUsers()).toEqual(expect.arrayContaining(ids.map(agentUserName)));
    await client().clusters.delete.mutate({ id: cluster.id });
    await client().clusters.wait.query({ id: cluster.id, status: "DESTROYED", timeoutMs: 20_000 });
    await expect.poll(async () => (await agentUsers()).filter((u) => ids.some((id) => u.endsWith(id)))).toEqual([]);
  });

  it("left behind by a missed drop is swept by the leader, while running agents keep theirs", async () => {
    const running = await pool({ workers: 1 });
    const stopped = await pool({ workers: 1 });
    const [stoppedAgent] = await agentsOf(stopped.id);
    await client().clusters.hibernate.mutate({ id: stopped.id });
    await client().clusters.wait.query({ id: stopped.id, status: "HIBERNATED", timeoutMs: 20_000 });
    await expect.poll(async () => (await agentUsers()).includes(agentUserName(stoppedAgent!.id))).toBe(false);
    // As a drop that failed would leave them: the user of an agent that no longer runs, and of none at all.
    const strays = [agentUserName(stoppedAgent!.id), agentUserName(randomUUID())];
    for (const user of strays) await server.call("ACL", "SETUSER", user, "on", `>${randomUUID()}`);
    await expect
      .poll(async () => (await agentUsers()).filter((u) => strays.includes(u)), { timeout: 15_000 })
      .toEqual([]);
    const [runningAgent] = await agentsOf(running.id);
    expect(await agentUsers()).toContain(agentUserName(runningAgent!.id));
    expect((await client().tasks.submit.mutate({ id: running.id, role: "worker", waitMs: 10_000 })).status).toBe(
      "SUCCEEDED",
    );
  });
});

describe("what a tool run by an agent can find", () => {
  it("holds neither the server's Redis password nor any Redis credentials", async () => {
    // The tool looks where a prompt-steered tool would: its environment, and its agent's command line and environment.
    const script = path.join(os.tmpdir(), `myzel-snoop-${randomUUID()}.cjs`);
    writeFileSync(
      script,
      `const fs = require("node:fs");
const read = (file) => { try { return fs.readFileSync(file, "utf8").split("\\0").join(" "); } catch (e) { return ""; } };
process.stdout.write(JSON.stringify({
  env: process.env,
  agentCmdline: read("/proc/" + process.ppid + "/cmdline"),
  agentEnviron: read("/proc/" + process.ppid + "/environ"),
}));`,
    );
    const cluster = await pool({ workers: 1, runtime: `{ type: command, argv: [node, "${script}"] }` });
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 });
    expect(task.status).toBe("SUCCEEDED");
    const found = (task.result as { stdout: string }).stdout;
    expect(found).toContain("agentCmdline");
    expect(found).not.toContain(serverPassword());
    expect(found).not.toMatch(/redis:\/\//);
  });
});

describe("reports", () => {
  it("one claiming another agent's id, or for an attempt routed to another agent, is not recorded", async () => {
    const cluster = await pool({ workers: 2, runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 1500 }" });
    const [routedTo, forger] = await agentsOf(cluster.id);
    const task = await client().tasks.submit.mutate({ id: cluster.id, agentId: routedTo!.id, payload: "real" });
    const attempt = { taskId: task.id, attempt: 1, startedAt: Date.now(), finishedAt: Date.now(), retryable: true };
    const agent = await connectAs(forger!.id);
    try {
      // Claiming the routed agent's id, unsigned (the forger cannot read that agent's secret).
      const claimed = { ...attempt, agentId: routedTo!.id, ok: false, retryable: false, error: "forged" };
      await agent.xadd(keys.results, "*", RESULT_FIELDS.outcome, JSON.stringify(claimed));
      // Signed as itself, but the attempt was routed to the other agent.
      const forgerSecret = (await server.get(keys.agentSecret(forger!.id)))!;
      const own = { ...attempt, agentId: forger!.id, ok: true, result: "forged" };
      const signature = signReport(forgerSecret, own);
      await agent.xadd(keys.results, "*", RESULT_FIELDS.outcome, JSON.stringify({ ...own, signature }));
    } finally {
      agent.disconnect();
    }
    const done = await client().tasks.wait.query({ id: task.id, timeoutMs: 10_000 });
    expect(done).toMatchObject({ status: "SUCCEEDED", agentId: routedTo!.id, attempts: 1 });
    expect(done.result).not.toBe("forged");
  });
});

describe("a connection whose user Redis has forgotten (as a restarted Redis has)", () => {
  it("keeps signing in again, and works as soon as the user exists again", async () => {
    const user = `myzel-test-${randomUUID()}`;
    const key = `myzel:test:${user}`;
    const create = () => server.call("ACL", "SETUSER", user, "reset", "on", ">pw", "+@all", `~${key}`);
    await create();
    const agent = new Redis(redisUrlFor(inject("redisUrl"), user, "pw"), {
      maxRetriesPerRequest: null,
      retryStrategy: () => 50,
    });
    const refused = new Promise<string>((resolve) =>
      agent.on("error", (error: Error) => {
        if (/WRONGPASS|NOAUTH/.test(error.message)) resolve(error.message.split(" ")[0]!);
      }),
    );
    try {
      expect(await agent.set(key, "1")).toBe("OK");
      await server.call("ACL", "DELUSER", user); // closes its connection, as a Redis restart does
      // What is sent meanwhile either fails with the refusal or waits for the next sign-in
      // (ioredis decides by which queue it was in when the connection closed); it never hangs,
      // and the client does not give up.
      const meanwhile = agent.get(key).catch((error: Error) => error.message.split(" ")[0]);
      expect(await refused).toBe("WRONGPASS");
      await create();
      expect(["WRONGPASS", "1"]).toContain(await meanwhile);
      await expect.poll(() => agent.get(key).catch(() => "refused")).toBe("1");
    } finally {
      agent.disconnect();
      await server.call("ACL", "DELUSER", user);
      await server.del(key);
    }
  });
});

describe("a runner whose Redis user may not manage ACL users", () => {
  it("says so once, and its agents work with its credentials", async () => {
    const user = `myzel-test-restricted-${randomUUID()}`;
    await server.call("ACL", "SETUSER", user, "reset", "on", ">restricted-pw", "~*", "&*", "+@all", "-@admin");
    const child = spawn(process.execPath, ["--import", "tsx", "src/runner/main.ts"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        DATABASE_URL: inject("databaseUrl"),
        REDIS_URL: redisUrlFor(inject("redisUrl"), user, "restricted-pw"),
        MYZEL_NODE_ID: "restricted-runner",
        MYZEL_LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk) => {
        output += chunk;
        if (output.includes("Myzel runner is ready")) resolve();
      });
      child.stderr!.on("data", (chunk) => (output += chunk));
      child.once("exit", (code) => reject(new Error(`runner exited with ${code}: ${output}`)));
    });
    try {
      await ready;
      expect(output.match(/may not manage ACL users/g)).toHaveLength(1);
      const { id, yaml } = teamBlueprint();
      await uploadBlueprint(yaml);
      const cluster = await activeCluster({ blueprintId: id, targetWorkers: 6 });
      const there = (await client().agents.list.query({ id: cluster.id })).filter(
        (a) => a.nodeId === "restricted-runner",
      );
      expect(there.length).toBeGreaterThan(0);
      const task = await client().tasks.submit.mutate({ id: cluster.id, agentId: there[0]!.id, waitMs: 10_000 });
      expect(task).toMatchObject({ status: "SUCCEEDED", agentId: there[0]!.id });
      expect(await agentUsers()).not.toContain(agentUserName(there[0]!.id));
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
      await server.call("ACL", "DELUSER", user);
    }
  });
});

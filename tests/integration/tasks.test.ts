import { execFileSync } from "node:child_process";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { isAlive } from "../../src/infra/embedded/child-service";
import { redisOptionsFromUrl } from "../../src/infra/redis";
import { activeCluster, client, deleteCreatedClusters, rest, track, uniqueName, uploadBlueprint } from "./helpers";

let redis: Redis;
beforeAll(() => {
  redis = new Redis(inject("redisUrl"));
});
afterAll(() => redis.disconnect());
afterEach(deleteCreatedClusters);

/** What any BullMQ producer needs: the Redis address (queues live under the prefix "myzel"). */
const bullConnection = () => redisOptionsFromUrl(inject("redisUrl"));

/** A pool: one supervisor and `workers` workers with the given runtime and routing. */
async function pool(opts: {
  workers: number;
  routing?: string;
  runtime?: string;
  concurrency?: number;
  count?: string;
}) {
  const id = uniqueName("pool");
  await uploadBlueprint(`metadata: { id: ${id}, name: Pool, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 50, routing: ${opts.routing ?? "round-robin"} }
agents:
  - role: supervisor
    name: Boss
  - role: worker
    name: Worker
    count: ${opts.count ?? opts.workers}
    reports_to: supervisor
    capabilities: [work]
    concurrency: ${opts.concurrency ?? 1}
    runtime: ${opts.runtime ?? "{ type: builtin, behaviour: echo }"}
`);
  return activeCluster({ blueprintId: id, targetWorkers: opts.workers + 1 });
}

async function agentsOf(clusterId: string, role = "worker") {
  return (await client().agents.list.query({ id: clusterId })).filter((a) => a.role === role);
}

describe("agent-foundry: live agents and tasks", () => {
  it("runs its six agents as processes with heartbeats, answers tasks, and delegates from the supervisor", async () => {
    const cluster = await activeCluster({ blueprintId: "agent-foundry-v1" });
    const agents = await client().agents.list.query({ id: cluster.id });
    expect(agents.map((a) => a.role).sort()).toEqual([
      "architect",
      "coder",
      "critic",
      "deployer",
      "executor",
      "foundry",
    ]);
    const ps = execFileSync("ps", ["-o", "pid=,args=", "-p", agents.map((a) => a.pid).join(",")], { encoding: "utf8" });
    expect(ps.trim().split("\n")).toHaveLength(6);
    expect(ps).toContain("dist/agent.cjs");
    const beats = await redis.mget(agents.map((a) => `myzel:agent:${a.id}:heartbeat`));
    expect(beats.every((b) => b && JSON.parse(b).pid > 0)).toBe(true);
    expect(await redis.pttl(`myzel:agent:${agents[0]!.id}:heartbeat`)).toBeGreaterThan(0);

    const byRest = await rest(`/api/clusters/${cluster.id}/tasks`, {
      method: "POST",
      json: { role: "coder", payload: { prompt: "write a parser" }, waitMs: 10_000 },
    });
    expect(byRest.status).toBe(200);
    expect(byRest.body).toMatchObject({ status: "SUCCEEDED", attempts: 1, target: { kind: "role", value: "coder" } });
    expect(byRest.body.result).toMatchObject({ agent: "coder-1", echo: { prompt: "write a parser" } });
    expect(byRest.body.agentId).toBe(agents.find((a) => a.role === "coder")!.id);

    const delegated = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "foundry",
      payload: "ship it",
      waitMs: 15_000,
    });
    expect(delegated.status).toBe("SUCCEEDED");
    const result = delegated.result as { delegatedTo: number; subtasks: Array<{ result: { agent: string } }> };
    expect(result.delegatedTo).toBe(5);
    expect(result.subtasks.map((s) => s.result.agent).sort()).toEqual([
      "architect-1",
      "coder-1",
      "critic-1",
      "deployer-1",
      "executor-1",
    ]);
    const subtasks = await client().tasks.list.query({ rootTaskId: delegated.id });
    expect(
      subtasks.items.filter((t) => t.parentTaskId === delegated.id).map((t) => `${t.depth}:${t.status}:${t.source}`),
    ).toEqual(Array(5).fill("1:SUCCEEDED:delegation"));

    const cached = JSON.parse((await redis.get(`myzel:task:${delegated.id}:result`))!);
    expect(cached.status).toBe("SUCCEEDED");
    const ttl = await redis.ttl(`myzel:task:${delegated.id}:result`);
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
  });
});

describe("routing", () => {
  it("round-robin gives 9 tasks over 3 agents 3 each", async () => {
    const cluster = await pool({ workers: 3 });
    const { taskIds } = await client().tasks.submitMany.mutate({
      id: cluster.id,
      tasks: Array.from({ length: 9 }, (_, i) => ({ role: "worker", payload: i })),
    });
    const done = await Promise.all(taskIds.map((id) => client().tasks.wait.query({ id, timeoutMs: 10_000 })));
    expect(done.every((t) => t.status === "SUCCEEDED")).toBe(true);
    const counts = new Map<string, number>();
    for (const t of done) counts.set(t.agentId!, (counts.get(t.agentId!) ?? 0) + 1);
    expect([...counts.values()]).toEqual([3, 3, 3]);
  });

  it("sticky keeps a session on its agent", async () => {
    const cluster = await pool({ workers: 4, routing: "sticky" });
    const specs = ["alice", "bob", "alice", "carol", "alice", "bob"].map((sessionKey) => ({
      role: "worker",
      sessionKey,
      payload: sessionKey,
    }));
    const { taskIds } = await client().tasks.submitMany.mutate({ id: cluster.id, tasks: specs });
    const done = await Promise.all(taskIds.map((id) => client().tasks.wait.query({ id, timeoutMs: 10_000 })));
    const agentOf = (key: string) => new Set(done.filter((t) => t.sessionKey === key).map((t) => t.agentId));
    expect(agentOf("alice").size).toBe(1);
    expect(agentOf("bob").size).toBe(1);
  });

  it("refuses a task to a role or capability the cluster does not have, recording nothing", async () => {
    const cluster = await pool({ workers: 1 });
    const before = (await client().tasks.list.query({ clusterId: cluster.id })).total;
    const role = await rest(`/api/clusters/${cluster.id}/tasks`, { method: "POST", json: { role: "janitor" } });
    expect(role.status).toBe(422);
    expect(role.body.message).toContain('no role "janitor"');
    const both = await rest(`/api/clusters/${cluster.id}/tasks`, {
      method: "POST",
      json: { role: "worker", capability: "work" },
    });
    expect(both.status).toBe(400);
    expect((await client().tasks.list.query({ clusterId: cluster.id })).total).toBe(before);
  });
});

describe("retries, timeouts, cancellation", () => {
  it("retries a failing task with backoff, then fails it with the reason and every attempt counted", async () => {
    const cluster = await pool({ workers: 2, runtime: "{ type: builtin, behaviour: fail }" });
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", maxAttempts: 3, waitMs: 15_000 });
    expect(task.status).toBe("FAILED");
    expect(task.attempts).toBe(3);
    expect(task.error).toContain("failed the task on purpose");
  });

  it("fails a task that runs past its timeout", async () => {
    const cluster = await pool({ workers: 1, runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 30000 }" });
    const task = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "worker",
      timeoutMs: 300,
      maxAttempts: 1,
      waitMs: 10_000,
    });
    expect(task.status).toBe("FAILED");
    expect(task.error).toBe("timed out after 300 ms");
  });

  it("cancels a running task; the agent is free again", async () => {
    const cluster = await pool({ workers: 1, runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 30000 }" });
    const long = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: "long" });
    await expect
      .poll(async () => JSON.parse((await redis.get(`myzel:agent:${long.agentId}:heartbeat`))!).active, {
        timeout: 10_000,
      })
      .toBe(1);
    const cancelled = await client().tasks.cancel.mutate({ id: long.id });
    expect(cancelled.status).toBe("CANCELLED");
    await expect
      .poll(async () => JSON.parse((await redis.get(`myzel:agent:${long.agentId}:heartbeat`))!).active, {
        timeout: 10_000,
      })
      .toBe(0);
    const again = await rest(`/api/tasks/${long.id}/cancel`, { method: "POST", json: {} });
    expect(again.status).toBe(409);
  });
});

describe("control queue", () => {
  it("takes tasks from any BullMQ producer and dead-letters what it cannot accept", async () => {
    const cluster = await pool({ workers: 1 });
    const queue = new Queue(`control.${cluster.id}`, { connection: bullConnection(), prefix: "myzel" });
    const events = new QueueEvents(`control.${cluster.id}`, { connection: bullConnection(), prefix: "myzel" });
    try {
      const job = await queue.add("task", {
        cluster_id: cluster.id,
        role: "worker",
        payload: { prompt: "from python" },
      });
      const { taskId } = (await job.waitUntilFinished(events, 10_000)) as { taskId: string };
      expect((await client().tasks.wait.query({ id: taskId, timeoutMs: 10_000 })).status).toBe("SUCCEEDED");

      const unknown = await queue.add("launch_rockets", { cluster_id: cluster.id });
      const rejected = (await unknown.waitUntilFinished(events, 10_000)) as { rejected: string; deadLetterId: string };
      expect(rejected.rejected).toContain('unknown task type "launch_rockets"');
      const malformed = await queue.add("scale_cluster", { cluster_id: cluster.id, target_workers: "many" });
      expect(((await malformed.waitUntilFinished(events, 10_000)) as { rejected: string }).rejected).toContain(
        "malformed scale_cluster payload: target_workers",
      );

      const letters = await rest(`/api/dead-letters?clusterId=${cluster.id}`);
      expect(letters.body.items.map((l: { jobName: string }) => l.jobName).sort()).toEqual([
        "launch_rockets",
        "scale_cluster",
      ]);
      const stillBad = await rest(`/api/dead-letters/${rejected.deadLetterId}/replay`, { method: "POST", json: {} });
      expect(stillBad.status).toBe(422);
      expect(stillBad.body.message).toContain("still rejected");
    } finally {
      await events.close();
      await queue.close();
    }
  });

  it("runs spawn_agent and health_check", async () => {
    const cluster = await pool({ workers: 1 });
    const queue = new Queue(`control.${cluster.id}`, { connection: bullConnection(), prefix: "myzel" });
    const events = new QueueEvents(`control.${cluster.id}`, { connection: bullConnection(), prefix: "myzel" });
    try {
      const spawned = (await (
        await queue.add("spawn_agent", { agent_def: { role: "worker", name: "Extra" } })
      ).waitUntilFinished(events, 10_000)) as { agentId: string };
      await expect
        .poll(
          async () =>
            (await client().agents.list.query({ id: cluster.id })).find((a) => a.id === spawned.agentId)?.status,
          { timeout: 10_000 },
        )
        .toBe("IDLE");
      const health = (await (await queue.add("health_check", {})).waitUntilFinished(events, 10_000)) as {
        agents: number;
        alive: number;
        healthy: boolean;
      };
      expect(health).toMatchObject({ agents: 3, alive: 3, healthy: true });
    } finally {
      await events.close();
      await queue.close();
    }
  });
});

describe("delegation guards", () => {
  it("fails a task whose delegation would exceed the budget of subtasks, saying so", async () => {
    const id = uniqueName("wide");
    await uploadBlueprint(`metadata: { id: ${id}, name: Wide, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 40 }
agents:
  - { role: supervisor, name: Boss, concurrency: 4, runtime: { type: builtin, behaviour: delegate } }
  - { role: worker, name: Worker, count: 22, reports_to: supervisor }
`);
    const cluster = await activeCluster({ blueprintId: id });
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "supervisor", waitMs: 20_000 });
    expect(task.status).toBe("FAILED");
    expect(task.error).toContain("budget of 20 subtasks");
  });

  it("fails delegation deeper than the limit", async () => {
    const id = uniqueName("deep");
    const levels = ["l1", "l2", "l3", "l4", "l5"];
    await uploadBlueprint(`metadata: { id: ${id}, name: Deep, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 10 }
agents:
  - { role: supervisor, name: Boss, runtime: { type: builtin, behaviour: delegate } }
${levels.map((l, i) => `  - { role: ${l}, name: ${l}, tier: lead, reports_to: ${i === 0 ? "supervisor" : levels[i - 1]}, runtime: { type: builtin, behaviour: ${i === levels.length - 1 ? "echo" : "delegate"} } }`).join("\n")}
`);
    const cluster = await activeCluster({ blueprintId: id });
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "supervisor", waitMs: 20_000 });
    expect(task.status).toBe("FAILED");
    expect(task.error).toContain("delegation deeper than 4 levels");
  });
});

describe("runtimes", () => {
  it("command: runs a CLI tool per task with the prompt on stdin; exit code decides", async () => {
    const cluster = await pool({
      workers: 1,
      runtime: `{ type: command, argv: [node, -e, "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{if(s==='fail')process.exit(3);console.log(s.toUpperCase())})"] }`,
    });
    const ok = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "worker",
      payload: "hello tool",
      waitMs: 10_000,
    });
    expect(ok.status).toBe("SUCCEEDED");
    expect((ok.result as { stdout: string }).stdout.trim()).toBe("HELLO TOOL");
    const bad = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "worker",
      payload: "fail",
      maxAttempts: 1,
      waitMs: 10_000,
    });
    expect(bad.status).toBe("FAILED");
    expect(bad.error).toContain("exited with 3");
  });

  it("command: a timeout kills the whole process tree", async () => {
    const marker = `myzel-tree-${Date.now()}`;
    const cluster = await pool({
      workers: 1,
      runtime: `{ type: command, argv: [sh, -c, "sleep 300 & sleep 300; echo ${marker}"], timeout_ms: 500 }`,
    });
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", maxAttempts: 1, waitMs: 10_000 });
    expect(task.status).toBe("FAILED");
    expect(task.error).toBe("command timed out after 500 ms");
    const leftovers = execFileSync("sh", ["-c", `ps -eo args | grep -c "[e]cho ${marker}" || true`], {
      encoding: "utf8",
    });
    expect(leftovers.trim()).toBe("0");
  });

  it("command: output beyond the cap fails the task", async () => {
    const cluster = await pool({
      workers: 1,
      runtime: `{ type: command, argv: [node, -e, "process.stdout.write('x'.repeat(100000))"], max_output_bytes: 1000 }`,
    });
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 });
    expect(task.status).toBe("FAILED");
    expect(task.error).toBe("command output exceeded 1000 bytes");
    expect(task.attempts).toBe(1);
  });

  it("llm: asks an OpenAI-compatible endpoint with the role's system prompt and records token usage", async () => {
    const { startFakeLlm } = await import("./fake-llm");
    const llm = await startFakeLlm(({ body }) => ({ content: `answer to: ${body.messages.at(-1)!.content}` }));
    try {
      const cluster = await pool({
        workers: 1,
        runtime: `{ type: llm, base_url: "${llm.url}", model: test-model, api_key_env: MYZEL_TEST_LLM_KEY, temperature: 0.2 }`,
      });
      const task = await client().tasks.submit.mutate({
        id: cluster.id,
        role: "worker",
        payload: { prompt: "what is myzel?" },
        waitMs: 10_000,
      });
      expect(task.status).toBe("SUCCEEDED");
      expect(task.result).toMatchObject({ content: "answer to: what is myzel?", model: "test-model" });
      expect(task.usage).toEqual({ promptTokens: 12, completionTokens: 5, totalTokens: 17 });
      const request = llm.requests.at(-1)!;
      expect(request.authorization).toBe("Bearer sk-test-key");
      expect(request.body.messages[0]).toMatchObject({ role: "system" });
      expect(request.body.messages[0]!.content).toContain("Your capabilities: work");
      expect(request.body.temperature).toBe(0.2);
    } finally {
      await llm.close();
    }
  });
});

describe("metrics per agent", () => {
  it("counts tasks sent, completed, failed, response times, uptime and load", async () => {
    const cluster = await pool({ workers: 2 });
    const { taskIds } = await client().tasks.submitMany.mutate({
      id: cluster.id,
      tasks: Array.from({ length: 6 }, () => ({ role: "worker" })),
    });
    await Promise.all(taskIds.map((id) => client().tasks.wait.query({ id, timeoutMs: 10_000 })));
    const metrics = await client().agents.metrics.query({ id: cluster.id });
    const workers = metrics.perAgent.filter((a) => a.key.startsWith("worker"));
    expect(workers.map((w) => w.tasksSent)).toEqual([3, 3]);
    expect(workers.every((w) => w.tasksCompleted === 3 && w.tasksFailed === 0 && w.successRate === 1)).toBe(true);
    expect(
      workers.every((w) => w.avgResponseMs !== null && w.p95ResponseMs !== null && w.alive && w.restartCount === 0),
    ).toBe(true);
  });
});

describe("agent processes", () => {
  it("get only the environment they need, never the server's secrets even when a blueprint names them", async () => {
    const cluster = await pool({
      workers: 1,
      runtime: `{ type: command, argv: [node, -e, "console.log(JSON.stringify(Object.keys(process.env)))"], env_allow: [MYZEL_TEST_LLM_KEY, MYZEL_AUTH_SECRET, MYZEL_ADMIN_PASSWORD] }`,
    });
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 });
    const names = JSON.parse((task.result as { stdout: string }).stdout) as string[];
    expect(names).toContain("MYZEL_TEST_LLM_KEY");
    expect(names.filter((n) => /DATABASE|REDIS|SECRET|PASSWORD/.test(n))).toEqual([]);
    const agent = (await agentsOf(cluster.id))[0]!;
    const environ = execFileSync("cat", [`/proc/${agent.pid}/environ`], { encoding: "utf8" })
      .split("\0")
      .map((e) => e.split("=")[0]);
    expect(environ.filter((n) => /DATABASE_URL|REDIS_URL|AUTH_SECRET|ADMIN_PASSWORD/.test(n!))).toEqual([]);
    expect(isAlive(agent.pid!)).toBe(true);
  });
});

describe("launchCluster", () => {
  it("starts a pool of one CLI tool in one call and routes prompts to its instances", async () => {
    const { launchCluster } = await import("../../src/client");
    const pool = await launchCluster(client(), {
      tool: ["node", "-e", "process.stdin.on('data', d => process.stdout.write('tool saw ' + d))"],
      count: 3,
      strategy: "round-robin",
    });
    track(pool.cluster.id);
    expect(pool.cluster.status).toBe("ACTIVE");
    const answers = await Promise.all(["a", "b", "c", "d", "e", "f"].map((p) => pool.send(p)));
    expect(answers.map((a) => (a.result as { stdout: string }).stdout).sort()).toEqual(
      ["a", "b", "c", "d", "e", "f"].map((p) => `tool saw ${p}`),
    );
    const metrics = await pool.metrics();
    expect(metrics.perAgent.filter((a) => a.key.startsWith("tool-")).map((a) => a.tasksSent)).toEqual([2, 2, 2]);
    expect((await pool.stop()).status).toBe("DESTROYING");
  });
});

describe("nothing lost when a cluster shrinks", () => {
  it("tasks queued on retired agents are routed to the agents that remain and all finish", async () => {
    const cluster = await pool({
      workers: 4,
      count: "1-4",
      runtime: "{ type: builtin, behaviour: sleep, sleep_ms: 100 }",
    });
    const { taskIds } = await client().tasks.submitMany.mutate({
      id: cluster.id,
      tasks: Array.from({ length: 40 }, (_, i) => ({ role: "worker", payload: i })),
    });
    await client().clusters.scale.mutate({ id: cluster.id, targetWorkers: 2 });
    const done = await Promise.all(taskIds.map((id) => client().tasks.wait.query({ id, timeoutMs: 30_000 })));
    expect(done.map((t) => t.status)).toEqual(Array(40).fill("SUCCEEDED"));
    const remaining = new Set((await agentsOf(cluster.id)).map((a) => a.id));
    expect(remaining.size).toBe(1);
  });
});

describe("per-agent limits", () => {
  it("runs an agent with its memory limit and, when the runner is root, as the unprivileged user it names", async () => {
    const id = uniqueName("limited");
    await uploadBlueprint(`metadata: { id: ${id}, name: Limited, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 3 }
agents:
  - { role: supervisor, name: Boss }
  - { role: worker, name: Worker, reports_to: supervisor, limits: { memory_mb: 128, user: nobody } }
`);
    const cluster = await activeCluster({ blueprintId: id });
    const agent = (await agentsOf(cluster.id))[0]!;
    const cmdline = execFileSync("cat", [`/proc/${agent.pid}/cmdline`], { encoding: "utf8" }).split("\0");
    expect(cmdline).toContain("--max-old-space-size=128");
    const uid = /^Uid:\s+(\d+)/m.exec(execFileSync("cat", [`/proc/${agent.pid}/status`], { encoding: "utf8" }))![1];
    expect(uid).toBe(
      process.getuid?.() === 0
        ? String(execFileSync("id", ["-u", "nobody"], { encoding: "utf8" }).trim())
        : String(process.getuid?.()),
    );
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 });
    expect(task.status).toBe("SUCCEEDED");
  });
});

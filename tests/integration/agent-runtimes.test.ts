import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { isAlive } from "../../src/infra/embedded/child-service";
import { activeCluster, client, deleteCreatedClusters, track, uniqueName, uploadBlueprint } from "./helpers";
import { agentsOf, pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

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

  it("command: a prompt passed as an argument arrives exactly as written", async () => {
    const cluster = await pool({
      workers: 1,
      runtime: `{ type: command, argv: [node, -e, "process.stdout.write(process.argv[1])", "ask {prompt}"], prompt_via: argument }`,
    });
    const prompt = "price $& and $` and $' stay";
    const task = await client().tasks.submit.mutate({
      id: cluster.id,
      role: "worker",
      payload: prompt,
      waitMs: 10_000,
    });
    expect(task.status).toBe("SUCCEEDED");
    expect((task.result as { stdout: string }).stdout).toBe(`ask ${prompt}`);
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

  it("command: output holding a NUL character is recorded, and results after it still are", async () => {
    const cluster = await pool({
      workers: 1,
      runtime: `{ type: command, argv: [node, -e, "process.stdout.write('a' + String.fromCharCode(0) + 'b')"] }`,
    });
    for (const attempt of [1, 2]) {
      const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: "x", waitMs: 10_000 });
      expect(task.status, `task ${attempt}`).toBe("SUCCEEDED");
      expect((task.result as { stdout: string }).stdout).toBe("a\uFFFDb");
    }
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

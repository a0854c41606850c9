/**
 * Live tool sessions and LLM conversations through the real server: bc, python3 -i, sqlite3 and
 * node -i kept running between prompts, errors inside them failing tasks, a killed tool told and
 * restarted, conversations sent back to a model, and many sessions at once without cross-talk.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, inject, it } from "vitest";
import { isAlive } from "../../src/infra/embedded/child-service";
import {
  activeCluster,
  baseUrl,
  client,
  deleteCreatedClusters,
  rest,
  uniqueName,
  uploadBlueprint,
  watchEvents,
} from "./helpers";
import { agentsOf } from "./pool-helpers";

afterEach(deleteCreatedClusters);

const TOOLS = {
  bc: { argv: "[bc, -q]", preset: "bc" },
  python: { argv: "[python3, -i, -q]", preset: "python" },
  sqlite: { argv: "[sqlite3]", preset: "sqlite" },
  node: { argv: "[node, -i]", preset: "node" },
} as const;
type Tool = keyof typeof TOOLS;

/** One cluster with a session-mode role per tool (`count` agents each), sticky routing. */
async function toolCluster(tools: readonly Tool[], count = 1, extra = "") {
  const id = uniqueName("sessions");
  await uploadBlueprint(`metadata: { id: ${id}, name: Sessions, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 50, routing: sticky }
agents:
  - role: lead
    name: Lead
${tools
  .map(
    (tool) => `  - role: ${tool}
    name: ${tool}
    count: ${count}
    reports_to: lead
    concurrency: 4
    runtime: { type: command, argv: ${TOOLS[tool].argv}, mode: session, timeout_ms: 20000, session: { preset: ${TOOLS[tool].preset}${extra} } }`,
  )
  .join("\n")}
`);
  return activeCluster({ blueprintId: id, targetWorkers: 1 + tools.length * count });
}

const ask = (clusterId: string, role: string, prompt: string, sessionKey?: string) =>
  client().tasks.submit.mutate({
    id: clusterId,
    role,
    payload: { prompt },
    sessionKey,
    maxAttempts: 1,
    waitMs: 30_000,
  });
const stdout = (task: { result?: unknown }) => (task.result as { stdout: string }).stdout;
const session = (task: { result?: unknown }) =>
  (task.result as { session: { key: string; turn: number; fresh: boolean; lost?: string } }).session;

describe("live tool sessions", { timeout: 120_000 }, () => {
  it("answer the second of two dependent prompts from the state the first left: bc, python3, sqlite3, node", async () => {
    const cluster = await toolCluster(["bc", "python", "sqlite", "node"]);
    const cases: Array<[Tool, string, string, string]> = [
      ["bc", "x=41+1", "x", "42"],
      ["python", "x = 41 + 1", "print(x)", "42"],
      ["sqlite", "create table t(v); insert into t values (41 + 1);", "select v from t;", "42"],
      ["node", "var x = 41 + 1", "x", "42"],
    ];
    await Promise.all(
      cases.map(async ([tool, first, second, expected]) => {
        const set = await ask(cluster.id, tool, first, "calc");
        expect(set.status, `${tool}: ${set.error}`).toBe("SUCCEEDED");
        const get = await ask(cluster.id, tool, second, "calc");
        expect(get.status, `${tool}: ${get.error}`).toBe("SUCCEEDED");
        expect(stdout(get), tool).toBe(expected);
        expect(session(get)).toMatchObject({ key: "calc", turn: 2, fresh: false });
      }),
    );
    // Another key is another tool process: nothing carries over.
    expect(stdout(await ask(cluster.id, "bc", "x", "other"))).toBe("0");

    const calc = async () => (await client().sessions.list.query({ id: cluster.id })).find((s) => s.key === "calc");
    expect((await calc())?.turns).toBe(8);
    // One live tool per role, as the agents' next heartbeats report them.
    await expect.poll(async () => (await calc())?.live.map((l) => l.state)).toEqual(["idle", "idle", "idle", "idle"]);
    const history = await client().sessions.history.query({ id: cluster.id, key: "other" });
    expect(history.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "x"],
      ["assistant", "0"],
    ]);
  });

  it("fail a task whose answer shows the tool's error, though the tool goes on and would exit 0", async () => {
    const cluster = await toolCluster(["python", "bc"]);
    await ask(cluster.id, "python", "x = 1", "e");
    const failed = await ask(cluster.id, "python", "print(y)", "e");
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toContain("NameError: name 'y' is not defined");
    expect(stdout(await ask(cluster.id, "python", "print(x + 1)", "e"))).toBe("2");
    const syntax = await ask(cluster.id, "bc", "1 +* 2", "e");
    expect(syntax.status).toBe("FAILED");
    expect(syntax.error).toMatch(/\(standard_in\) \d+: syntax error/);
  });

  it("report a killed tool with the next answer, and start it again", async () => {
    const cluster = await toolCluster(["bc"]);
    await ask(cluster.id, "bc", "x=5", "k");
    // Agents report their sessions with their heartbeat: the next beat shows the tool.
    const liveOf = async () => (await client().sessions.get.query({ id: cluster.id, key: "k" })).live[0];
    await expect.poll(async () => (await liveOf())?.pid, { timeout: 15_000 }).toBeGreaterThan(0);
    const before = await liveOf();
    const { socket, received } = await watchEvents({ clusterId: cluster.id });
    try {
      process.kill(before!.pid!, "SIGKILL");
      await expect
        .poll(async () => (await client().sessions.get.query({ id: cluster.id, key: "k" })).live[0]?.state, {
          timeout: 15_000,
        })
        .toBe("lost");
      const next = await ask(cluster.id, "bc", "x", "k");
      expect(next.status).toBe("SUCCEEDED");
      expect(stdout(next)).toBe("0");
      expect(session(next)).toMatchObject({ fresh: true, lost: expect.stringContaining("exited with SIGKILL") });
      // A new tool process for the key, idle again, as the next heartbeat reports it.
      await expect
        .poll(async () => {
          const after = await liveOf();
          return after?.state === "idle" && after.pid !== before!.pid;
        })
        .toBe(true);
      await expect
        .poll(() => received.find((e) => e.type === "session.lost"), { timeout: 10_000 })
        .toMatchObject({ sessionKey: "k", taskId: next.id });
    } finally {
      socket.close();
    }
  });

  it("say a session lost its state when its agent died and was replaced, and replay it where the blueprint asks", async () => {
    for (const onMove of ["report", "replay"] as const) {
      const cluster = await toolCluster(["bc"], 1, `, on_move: ${onMove}`);
      await ask(cluster.id, "bc", "x=7", "m");
      const [agent] = await agentsOf(cluster.id, "bc");
      process.kill(agent!.pid!, "SIGKILL");
      // Healed: a new process for the same agent, ready for work.
      await expect
        .poll(
          async () => {
            const [now] = await agentsOf(cluster.id, "bc");
            return now?.status === "IDLE" && now.pid !== null && now.pid !== agent!.pid;
          },
          { timeout: 60_000 },
        )
        .toBe(true);
      const next = await ask(cluster.id, "bc", "x", "m");
      expect(next.status, next.error ?? "").toBe("SUCCEEDED");
      expect(session(next).lost, onMove).toContain("1 earlier turn(s)");
      expect(stdout(next), onMove).toBe(onMove === "replay" ? "7" : "0");
      expect(isAlive(agent!.pid!)).toBe(false);
    }
  }, 180_000);

  it("end a session by API: its tool closes, its history goes, its next prompt starts afresh without a lost notice", async () => {
    const cluster = await toolCluster(["bc"]);
    await ask(cluster.id, "bc", "x=3", "end");
    const ended = await rest(`/api/clusters/${cluster.id}/sessions/end`, { method: "DELETE" });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ key: "end", messagesDeleted: 2, agentsTold: 2 });
    await expect
      .poll(async () => (await client().sessions.list.query({ id: cluster.id })).find((s) => s.key === "end"))
      .toBeUndefined();
    const next = await ask(cluster.id, "bc", "x", "end");
    expect(stdout(next)).toBe("0");
    expect(session(next).lost).toBeUndefined();
    expect((await rest(`/api/clusters/${cluster.id}/sessions/nothing-here`)).status).toBe(404);
  });

  it("keep 40 sessions over 2 agents apart under concurrent prompts", async () => {
    const cluster = await toolCluster(["bc"], 2);
    const keys = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const answers = await Promise.all(
      keys.map(async (key, i) => {
        await ask(cluster.id, "bc", `x=${1000 + i}`, key);
        const first = await ask(cluster.id, "bc", `x+1`, key);
        return [key, stdout(first)];
      }),
    );
    expect(Object.fromEntries(answers)).toEqual(Object.fromEntries(keys.map((k, i) => [k, String(1001 + i)])));
    const live = (await client().sessions.list.query({ id: cluster.id })).flatMap((s) => s.live);
    expect(new Set(live.map((l) => l.agentId)).size).toBe(2);
  });
});

describe("llm conversations", { timeout: 120_000 }, () => {
  it("send a session's earlier turns with its next prompt; a new key starts a new conversation; history is deletable", async () => {
    const { startFakeLlm } = await import("./fake-llm");
    // The fake model answers with how many messages it was sent, and the first user message it saw.
    const llm = await startFakeLlm(({ body }) => {
      const users = body.messages.filter((m) => m.role === "user");
      return { content: `${body.messages.length} messages; first: ${users[0]!.content}` };
    });
    try {
      const id = uniqueName("conversation");
      await uploadBlueprint(`metadata: { id: ${id}, name: Conversation, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 5, routing: sticky }
agents:
  - role: lead
    name: Lead
  - role: chat
    name: Chat
    reports_to: lead
    runtime: { type: llm, base_url: "${llm.url}", model: test-model, conversation: { max_messages: 20 } }
`);
      const cluster = await activeCluster({ blueprintId: id, targetWorkers: 2 });
      const chat = (prompt: string, key: string) =>
        client().tasks.submit.mutate({
          id: cluster.id,
          role: "chat",
          payload: prompt,
          sessionKey: key,
          waitMs: 15_000,
        });
      expect((await chat("my number is 42", "c1")).result).toMatchObject({
        content: "2 messages; first: my number is 42",
      });
      const second = await chat("what is my number?", "c1");
      expect(second.result).toMatchObject({ content: "4 messages; first: my number is 42", session: { turn: 2 } });
      expect(llm.requests.at(-1)!.body.messages.slice(1)).toEqual([
        { role: "user", content: "my number is 42" },
        { role: "assistant", content: "2 messages; first: my number is 42" },
        { role: "user", content: "what is my number?" },
      ]);
      expect((await chat("hello", "c2")).result).toMatchObject({ content: "2 messages; first: hello" });

      const history = await client().sessions.history.query({ id: cluster.id, key: "c1" });
      expect(history.messages).toHaveLength(4);
      await client().sessions.end.mutate({ id: cluster.id, key: "c1" });
      expect((await client().sessions.history.query({ id: cluster.id, key: "c1" })).messages).toEqual([]);
      expect((await chat("again", "c1")).result).toMatchObject({ content: "2 messages; first: again" });
    } finally {
      await llm.close();
    }
  });

  it("summarise the turns beyond the window instead of sending them", async () => {
    const { startFakeLlm } = await import("./fake-llm");
    const llm = await startFakeLlm(({ body }) => ({ content: `seen ${body.messages.length}` }));
    try {
      const id = uniqueName("window");
      await uploadBlueprint(`metadata: { id: ${id}, name: Window, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 5 }
agents:
  - role: lead
    name: Lead
  - role: chat
    name: Chat
    reports_to: lead
    runtime: { type: llm, base_url: "${llm.url}", model: m, conversation: { max_messages: 2 } }
`);
      const cluster = await activeCluster({ blueprintId: id, targetWorkers: 2 });
      for (const prompt of ["one", "two", "three"])
        await client().tasks.submit.mutate({
          id: cluster.id,
          role: "chat",
          payload: prompt,
          sessionKey: "w",
          waitMs: 15_000,
        });
      const messages = llm.requests.at(-1)!.body.messages;
      expect(messages.map((m) => m.role)).toEqual(["system", "system", "user", "assistant", "user"]);
      expect(messages[1]!.content).toContain("- user: one");
      expect(messages.slice(2).map((m) => m.content)).toEqual(["two", "seen 4", "three"]);
    } finally {
      await llm.close();
    }
  });
});

describe("launchCluster in session mode", { timeout: 120_000 }, () => {
  it("reproduces the original design's pool of live tools: the example app's dependent prompts", async () => {
    const { stdout } = await promisify(execFile)("npx", ["tsx", "examples/client-app/sessions.ts", baseUrl()], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, MYZEL_TOKEN: inject("adminToken") },
    });
    expect(stdout).toContain("bc: x=41+1 then x answers 42");
    expect(stdout).toContain("bc: another session answers 0");
    expect(stdout).toContain("python3: x = 41 + 1 then print(x) answers 42");
    expect(stdout).toMatch(
      /python3: another session answers FAILED: [^\n]*Traceback[\s\S]*NameError: name 'x' is not defined/,
    );
    expect(stdout).toContain("python3: session calc has 2 turns recorded");
  });
});

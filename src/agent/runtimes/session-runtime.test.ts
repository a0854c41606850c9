import { afterEach, describe, expect, it } from "vitest";
import type { AgentConfig } from "../../schemas/agent-protocol";
import { sessionOptionsSchema } from "../../schemas/blueprint-sessions";
import { type SessionRuntime, sessionRuntime } from "./session-runtime";

const opened: SessionRuntime[] = [];
afterEach(() => {
  for (const runtime of opened.splice(0)) runtime.sessions.closeAll();
});

function tool(argv: string[], session: Record<string, unknown>): SessionRuntime {
  const runtime = sessionRuntime(
    {
      type: "command",
      argv,
      prompt_via: "stdin",
      mode: "session",
      session: sessionOptionsSchema.parse(session),
      timeout_ms: 30_000,
      max_output_bytes: 100_000,
    },
    process.env,
  );
  opened.push(runtime);
  return runtime;
}

const ctx = () => ({ agent: {} as AgentConfig, signal: new AbortController().signal });
const ask = (runtime: SessionRuntime, prompt: string, key?: string, turns = 0) =>
  runtime({ type: "ask", payload: prompt, session: key ? { key, turns, messages: [] } : undefined }, ctx());
const stdout = (output: { result: unknown }) => (output.result as { stdout: string }).stdout;

describe("session runtime", () => {
  it("keeps bc's variables between prompts of one session, and apart between sessions", async () => {
    const bc = tool(["bc", "-q"], { preset: "bc" });
    expect(stdout(await ask(bc, "x=41+1", "a"))).toBe("");
    expect(stdout(await ask(bc, "x", "a"))).toBe("42");
    expect(stdout(await ask(bc, "x", "b"))).toBe("0");
  });

  it("fails a prompt whose answer shows a Python error, and the session goes on", async () => {
    const python = tool(["python3", "-i", "-q"], { preset: "python" });
    await ask(python, "x = 41 + 1");
    await expect(ask(python, "y")).rejects.toThrow(/reported an error: Traceback[\s\S]*NameError/);
    expect(stdout(await ask(python, "def f(n):\n    return n * x\n\nprint(f(2))"))).toBe("84");
  });

  it("says a session lost its state when its tool died, and starts it again", async () => {
    const python = tool(["python3", "-i", "-q"], { preset: "python" });
    await ask(python, "x = 1", "s");
    await expect(ask(python, "import os; os._exit(3)", "s")).rejects.toThrow(/exited with 3/);
    expect(python.sessions.list()).toMatchObject([{ key: "s", state: "lost", pid: null }]);
    const after = await ask(python, "print('back')", "s", 2);
    expect(stdout(after)).toBe("back");
    expect((after.result as { session: { lost?: string; fresh: boolean } }).session).toMatchObject({
      fresh: true,
      lost: expect.stringContaining("exited with 3"),
    });
  });

  it("tells a session that had turns elsewhere that they are gone, or replays them when asked to", async () => {
    const report = tool(["bc", "-q"], { preset: "bc" });
    const moved = await ask(report, "x", "m", 1);
    expect((moved.result as { session: { lost?: string } }).session.lost).toContain("1 earlier turn");

    const replay = tool(["bc", "-q"], { preset: "bc", on_move: "replay" });
    const output = await replay(
      { type: "ask", payload: "x", session: { key: "m", turns: 1, messages: [{ role: "user", content: "x=7" }] } },
      ctx(),
    );
    expect(stdout(output)).toBe("7");
    expect((output.result as { session: { replayed?: number } }).session.replayed).toBe(1);
  });

  it("closes the least recently used session when an agent holds its maximum", async () => {
    const bc = tool(["bc", "-q"], { preset: "bc", max_sessions: 2 });
    await ask(bc, "x=1", "one");
    await ask(bc, "x=2", "two");
    await ask(bc, "x=3", "three");
    const states = Object.fromEntries(bc.sessions.list().map((s) => [s.key, s.state]));
    expect(states).toEqual({ one: "lost", two: "idle", three: "idle" });
    const back = await ask(bc, "x", "one", 1);
    expect(stdout(back)).toBe("0");
    expect((back.result as { session: { lost?: string } }).session.lost).toContain("max_sessions 2");
  });

  it("runs a tool under a terminal and strips its escape sequences and echo", async () => {
    const python = tool(["python3", "-i", "-q"], { preset: "python", pty: true });
    await ask(python, "x = 6 * 7");
    expect(stdout(await ask(python, "print(f'\\x1b[1mbold {x}\\x1b[0m')"))).toBe("bold 42");
  });
});

import { describe, expect, it } from "vitest";
import { agent, problems } from "./blueprint-fixtures";
import { resolveSession, SESSION_PRESET_DEFAULTS, sessionOptionsSchema } from "./blueprint-sessions";

const withRuntime = (runtime: unknown) => problems((bp) => (agent(bp).runtime = runtime));
const session = (options: unknown) =>
  withRuntime({ type: "command", argv: ["bc", "-q"], mode: "session", session: options });

describe("session mode of the command runtime", () => {
  it("takes a preset with overrides", () => {
    expect(session({ preset: "bc", max_sessions: 4, pty: true, on_move: "replay" })).toEqual([]);
    expect(session({ answer_end: { type: "prompt", pattern: ">>> $" }, error_patterns: ["^Error"] })).toEqual([]);
    expect(withRuntime({ type: "command", argv: ["bc"], mode: "session" })).toEqual([]);
  });

  it("says what is wrong and where", () => {
    expect(session({ preset: "perl" })).toEqual([
      'agents.0.runtime.session.preset: must be one of: python, node, bc, sqlite, shell, generic (got "perl")',
    ]);
    expect(session({ error_patterns: ["(unclosed"] })).toEqual([
      "agents.0.runtime.session.error_patterns.0: each error pattern must be a valid regular expression",
    ]);
    expect(session({ answer_end: { type: "sentinel", command: "echo done" } })).toEqual([
      "agents.0.runtime.session.answer_end.command: the sentinel command must contain {marker}",
    ]);
    expect(session({ framing: "no placeholder" })).toEqual([
      "agents.0.runtime.session.framing: framing must contain {prompt}",
    ]);
    expect(session({ idle_timeout: 5 })[0]).toContain("agents.0.runtime.session");
    expect(withRuntime({ type: "command", argv: ["bc"], session: { preset: "bc" } })).toEqual([
      'agents.0.runtime.session: session options need mode: "session"',
    ]);
    expect(withRuntime({ type: "command", argv: ["t", "{prompt}"], prompt_via: "argument", mode: "session" })).toEqual([
      'agents.0.runtime.prompt_via: mode "session" writes prompts to the running tool: prompt_via must be "stdin"',
    ]);
  });

  it("lets the role's fields win over its preset's", () => {
    const resolved = resolveSession(sessionOptionsSchema.parse({ preset: "python", error_patterns: [] }));
    expect(resolved.error_patterns).toEqual([]);
    expect(resolved.answer_end).toEqual(SESSION_PRESET_DEFAULTS.python.answer_end);
    expect(resolved.env).toEqual({ PYTHONUNBUFFERED: "1", PYTHONIOENCODING: "utf-8" });
  });
});

describe("conversation window of the llm runtime", () => {
  it("is checked like every other field", () => {
    const llm = (conversation: unknown) =>
      withRuntime({ type: "llm", base_url: "http://localhost:1/v1", model: "m", conversation });
    expect(llm({ max_messages: 10, max_tokens: 2000 })).toEqual([]);
    expect(llm({ max_messages: -1 })).toEqual(["agents.0.runtime.conversation.max_messages: must be at least 0"]);
  });
});

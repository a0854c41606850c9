import { describe, expect, it } from "vitest";
import type { AgentConfig } from "../../schemas/agent-protocol";
import { commandRuntime } from "./command";

const echoArgument = commandRuntime(
  {
    type: "command",
    argv: [process.execPath, "-e", "process.stdout.write(process.argv[1])", "said: {prompt}"],
    prompt_via: "argument",
    timeout_ms: 10_000,
    max_output_bytes: 10_000,
  },
  process.env,
);

describe("command runtime", () => {
  it("passes a prompt into argv exactly as written, replacement patterns included", async () => {
    const prompt = "costs $5 $& more, $` before, $' after, $1 and $$";
    const output = await echoArgument(
      { type: "ask", payload: prompt },
      { agent: {} as AgentConfig, signal: new AbortController().signal },
    );
    expect((output.result as { stdout: string }).stdout).toBe(`said: ${prompt}`);
  });
});

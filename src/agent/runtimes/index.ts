import { inSpan, SpanKind, tracingEnabled } from "../../infra/tracing";
import type { AgentRuntime } from "../../schemas/blueprint";
import type { RoleMemory } from "../../schemas/blueprint-memory";
import type { MemoryClient, MemoryEndpoint } from "../memory-client";
import { builtinRuntime } from "./builtin";
import { commandRuntime } from "./command";
import { type LlmProvider, llmBaseUrl, llmRuntime } from "./llm";
import type { Runtime } from "./runtime";
import { type SessionRuntime, sessionRuntime } from "./session-runtime";

/** Shared memory as a runtime sees it: the client, where it is (for tools), and the role's settings. */
export interface RuntimeMemory {
  client: MemoryClient;
  endpoint: MemoryEndpoint;
  role: RoleMemory | undefined;
}

export function createRuntime(
  spec: AgentRuntime,
  environment: NodeJS.ProcessEnv,
  memory?: RuntimeMemory,
  provider?: LlmProvider,
): Runtime | SessionRuntime {
  switch (spec.type) {
    case "builtin":
      return builtinRuntime(spec, Math.random, memory?.client);
    case "command": {
      const tool = () => ({
        name: `execute_tool ${spec.argv[0]}`,
        attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": spec.argv[0]! },
      });
      if (spec.mode !== "session") return traced(commandRuntime(spec, environment, memory?.endpoint), tool);
      const session = sessionRuntime(spec, environment, memory?.endpoint);
      return Object.assign(traced(session, tool), { sessions: session.sessions });
    }
    case "llm":
      return traced(llmRuntime(spec, environment, fetch, memory, provider), () => ({
        name: `chat ${spec.model}`,
        kind: SpanKind.CLIENT,
        attributes: {
          "gen_ai.operation.name": "chat",
          "gen_ai.provider.name": "openai",
          "gen_ai.request.model": spec.model,
          "server.address": new URL(llmBaseUrl(spec, provider?.config)).hostname,
        },
      }));
  }
}

/**
 * The tool's or model's call as a span of its own under the task's run, with the GenAI
 * semantic conventions (operation, model, tokens used) so trace tools show what it cost.
 */
function traced(
  runtime: Runtime,
  describe: () => { name: string; kind?: SpanKind; attributes: Record<string, string> },
): Runtime {
  return (task, ctx) => {
    if (!tracingEnabled()) return runtime(task, ctx);
    const { name, kind, attributes } = describe();
    return inSpan(name, { kind, attributes }, async (span) => {
      const output = await runtime(task, ctx);
      const result = output.result as { model?: unknown; finishReason?: unknown } | null;
      if (typeof result?.model === "string") span.setAttribute("gen_ai.response.model", result.model);
      if (typeof result?.finishReason === "string")
        span.setAttribute("gen_ai.response.finish_reasons", [result.finishReason]);
      if (output.usage) {
        span.setAttribute("gen_ai.usage.input_tokens", output.usage.promptTokens);
        span.setAttribute("gen_ai.usage.output_tokens", output.usage.completionTokens);
      }
      return output;
    });
  };
}

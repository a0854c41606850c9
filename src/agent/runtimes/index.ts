import type { AgentRuntime } from "../../schemas/blueprint";
import { builtinRuntime } from "./builtin";
import { commandRuntime } from "./command";
import { llmRuntime } from "./llm";
import type { Runtime } from "./runtime";

export function createRuntime(spec: AgentRuntime, environment: NodeJS.ProcessEnv): Runtime {
  switch (spec.type) {
    case "builtin":
      return builtinRuntime(spec);
    case "command":
      return commandRuntime(spec, environment);
    case "llm":
      return llmRuntime(spec, environment);
  }
}

/** The builtin runtime: echo, sleep, fail (with a probability), remember and recall — for demos, tests and benchmarks. */

import type { AgentRuntime } from "../../schemas/blueprint";
import { DEFAULT_SLEEP_MS } from "../../schemas/blueprint-defaults";
import { type MemoryClient, permanentIfRefused } from "../memory-client";
import { recall, remember } from "./memory-behaviours";
import { abortable, PermanentTaskError, type Runtime } from "./runtime";

type BuiltinSpec = Extract<AgentRuntime, { type: "builtin" }>;

export function builtinRuntime(spec: BuiltinSpec, random: () => number = Math.random, memory?: MemoryClient): Runtime {
  const failProbability = spec.fail_probability ?? (spec.behaviour === "fail" ? 1 : 0);
  return async (task, ctx) => {
    if (spec.behaviour === "sleep") await abortable(spec.sleep_ms ?? DEFAULT_SLEEP_MS, ctx.signal);
    if (failProbability > 0 && random() < failProbability) {
      throw new Error(
        `${ctx.agent.key} failed the task on purpose (builtin ${spec.behaviour}, fail_probability ${failProbability})`,
      );
    }
    if (spec.behaviour === "remember" || spec.behaviour === "recall") {
      if (!memory) throw new PermanentTaskError(`${ctx.agent.key} has no shared memory (no server announced its URL)`);
      const result = await permanentIfRefused<object>(() =>
        spec.behaviour === "remember" ? remember(memory, task, ctx.agent.key) : recall(memory, task),
      );
      return { result: { agent: ctx.agent.key, ...result } };
    }
    return { result: { agent: ctx.agent.key, type: task.type, echo: task.payload ?? null } };
  };
}

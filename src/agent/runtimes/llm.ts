/**
 * The llm runtime: an OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM,
 * LM Studio …). The system prompt comes from the agent's role and capabilities unless the
 * blueprint gives one; the API key is read from the environment variable the blueprint names.
 */
import type { AgentRuntime } from "../../schemas/blueprint";
import type { RuntimeMemory } from "./index";
import { recallNotes, storeAnswer } from "./llm-memory";
import { namespaceOf } from "./memory-behaviours";
import { PermanentTaskError, promptOf, type Runtime } from "./runtime";

type LlmSpec = Extract<AgentRuntime, { type: "llm" }>;

interface ChatCompletion {
  model?: string;
  choices?: Array<{ message?: { content?: string | null }; finish_reason?: string }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
}

export function llmRuntime(
  spec: LlmSpec,
  environment: NodeJS.ProcessEnv,
  fetchImpl: typeof fetch = fetch,
  memory?: RuntimeMemory,
): Runtime {
  const apiKey = spec.api_key_env ? environment[spec.api_key_env] : undefined;
  const url = `${spec.base_url.replace(/\/+$/, "")}/chat/completions`;

  return async (task, ctx) => {
    if (spec.api_key_env && !apiKey)
      throw new PermanentTaskError(
        `the environment variable ${spec.api_key_env} (api_key_env) is not set for this agent`,
      );
    const { agent } = ctx;
    const system =
      spec.system_prompt ??
      `You are ${agent.name}, the ${agent.role} agent of a team.` +
        (agent.capabilities.length ? ` Your capabilities: ${agent.capabilities.join(", ")}.` : "") +
        " Answer the task you are given concisely.";
    const prompt = promptOf(task.payload);
    const namespace = namespaceOf(task.payload);
    const recalled = await recallNotes(memory, prompt, namespace);
    const response = await fetchImpl(url, {
      method: "POST",
      signal: ctx.signal,
      headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({
        model: spec.model,
        // A session's conversation so far (the server's window of it), then the new prompt.
        messages: [
          { role: "system", content: system },
          ...(task.session?.summary ? [{ role: "system", content: task.session.summary }] : []),
          ...(task.session?.messages ?? []),
          ...(recalled.notes ? [{ role: "system", content: recalled.notes }] : []),
          { role: "user", content: prompt },
        ],
        ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}),
        ...(spec.max_tokens !== undefined ? { max_tokens: spec.max_tokens } : {}),
      }),
    });
    const text = await response.text();
    if (!response.ok) {
      const message = `${url} answered ${response.status}: ${text.slice(0, 500)}`;
      // 4xx other than rate limits will not get better by retrying.
      throw response.status >= 400 && response.status < 500 && response.status !== 429
        ? new PermanentTaskError(message)
        : new Error(message);
    }
    let body: ChatCompletion;
    try {
      body = JSON.parse(text) as ChatCompletion;
    } catch {
      throw new Error(`${url} did not answer JSON: ${text.slice(0, 200)}`);
    }
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== "string") throw new Error(`${url} answered without a message: ${text.slice(0, 200)}`);
    const usage = body.usage;
    const stored = await storeAnswer(memory, { prompt, content, namespace, agent: agent.key, role: agent.role });
    return {
      result: {
        content,
        model: body.model ?? spec.model,
        finishReason: body.choices?.[0]?.finish_reason ?? null,
        ...(task.session
          ? { session: { key: task.session.key, turn: task.session.turns + 1, fresh: task.session.turns === 0 } }
          : {}),
        ...(memory?.role?.recall_tokens || memory?.role?.store_answers
          ? { memory: { ...recalled.report, ...stored } }
          : {}),
      },
      usage: usage
        ? {
            promptTokens: usage.prompt_tokens ?? 0,
            completionTokens: usage.completion_tokens ?? 0,
            totalTokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0),
          }
        : undefined,
    };
  };
}

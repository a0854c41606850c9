/**
 * The llm runtime: an OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM,
 * LM Studio …). The system prompt comes from the agent's role and capabilities unless the
 * blueprint gives one; the API key is read from the environment variable the blueprint names.
 */
import { estimateTokens, retryAfterMs } from "../../domain/providers/provider-calls";
import type { AgentRuntime } from "../../schemas/blueprint";
import type { AgentProvider } from "../../schemas/provider-api";
import type { CallEstimate, CallUsage, ProviderGate } from "../provider-gate";
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

/** The role's provider: where it is and the fleet-wide limits every call takes its turn from. */
export interface LlmProvider {
  config: AgentProvider;
  gate: ProviderGate;
}

export function llmRuntime(
  spec: LlmSpec,
  environment: NodeJS.ProcessEnv,
  fetchImpl: typeof fetch = fetch,
  memory?: RuntimeMemory,
  provider?: LlmProvider,
): Runtime {
  const keyEnv = provider ? provider.config.apiKeyEnv : spec.api_key_env;
  const apiKey = keyEnv ? environment[keyEnv] : undefined;
  const url = `${llmBaseUrl(spec, provider?.config).replace(/\/+$/, "")}/chat/completions`;

  return async (task, ctx) => {
    if (spec.provider && !provider)
      throw new PermanentTaskError(`the provider "${spec.provider}" is not defined (an admin adds it under Providers)`);
    if (keyEnv && !apiKey)
      throw new PermanentTaskError(
        provider
          ? `the environment variable ${keyEnv} (the key of provider "${provider.config.name}") is not set on this agent's host`
          : `the environment variable ${keyEnv} (api_key_env) is not set for this agent`,
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
    // A session's conversation so far (the server's window of it), then the new prompt.
    const messages = [
      { role: "system", content: system },
      ...(task.session?.summary ? [{ role: "system", content: task.session.summary }] : []),
      ...(task.session?.messages ?? []),
      ...(recalled.notes ? [{ role: "system", content: recalled.notes }] : []),
      { role: "user", content: prompt },
    ];
    const call = () =>
      fetchImpl(url, {
        method: "POST",
        signal: ctx.signal,
        headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: JSON.stringify({
          model: spec.model,
          messages,
          ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}),
          ...(spec.max_tokens !== undefined ? { max_tokens: spec.max_tokens } : {}),
        }),
      });
    const { response, text } = provider
      ? await callInTurn(provider.gate, call, {
          taskId: task.taskId ?? "unknown",
          model: spec.model,
          ...estimatedTokens(messages, spec.max_tokens),
          leaseMs: task.timeoutMs ?? 600_000,
          signal: ctx.signal,
        })
      : await call().then(async (response) => ({ response, text: await response.text() }));
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

export function llmBaseUrl(spec: LlmSpec, provider: AgentProvider | undefined): string {
  return provider?.baseUrl ?? spec.base_url ?? "";
}

/**
 * One call in its turn: the limiter admits it, it is made, the usage corrects the estimate.
 * A 429 pauses the whole provider for its Retry-After and the call waits its turn again; it
 * is not a failure of the task (the task's deadline still bounds it).
 */
async function callInTurn(
  gate: ProviderGate,
  call: () => Promise<Response>,
  turn: CallEstimate,
): Promise<{ response: Response; text: string }> {
  for (;;) {
    const held = await gate.take(turn);
    let used: CallUsage | undefined;
    try {
      const response = await call();
      const text = await response.text();
      if (response.status === 429) {
        await gate.slowDown(
          retryAfterMs(
            { retryAfter: response.headers.get("retry-after"), retryAfterMs: response.headers.get("retry-after-ms") },
            Date.now(),
          ),
        );
        continue;
      }
      used = response.ok ? usageOf(text, turn.model) : undefined;
      return { response, text };
    } finally {
      await held.settle(used).catch(() => {});
    }
  }
}

function estimatedTokens(messages: ReadonlyArray<{ content: string }>, maxTokens: number | undefined) {
  const { prompt, answer } = estimateTokens(messages, maxTokens);
  return { promptTokens: prompt, answerTokens: answer };
}

/** The usage an answer reports, with the model it names (the one its cost is counted at). */
function usageOf(text: string, asked: string): CallUsage | undefined {
  try {
    const body = JSON.parse(text) as ChatCompletion;
    if (!body.usage) return undefined;
    const promptTokens = body.usage.prompt_tokens ?? 0;
    const completionTokens = body.usage.completion_tokens ?? Math.max(0, (body.usage.total_tokens ?? 0) - promptTokens);
    return { model: body.model ?? asked, promptTokens, completionTokens };
  } catch {
    return undefined;
  }
}

/**
 * The planner's model: one chat completion against the OpenAI-compatible endpoint an admin
 * configured (MYZEL_PLANNER_URL), asking for structured output against the answer's JSON Schema.
 */
import type { ChatMessage } from "../domain/planner/model-answer";

export interface ModelEndpoint {
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export interface ModelReply {
  content: string;
  promptTokens: number;
  completionTokens: number;
}

/** The endpoint could not be reached or did not answer a completion: a 502 to the caller. */
export class ModelEndpointError extends Error {}

interface ChatCompletion {
  choices?: Array<{ message?: { content?: string | null } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

export async function askModel(
  endpoint: ModelEndpoint,
  messages: ChatMessage[],
  schema: Record<string, unknown>,
  fetchImpl: typeof fetch = fetch,
): Promise<ModelReply> {
  const url = `${endpoint.url.replace(/\/+$/, "")}/chat/completions`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      signal: AbortSignal.timeout(endpoint.timeoutMs),
      headers: {
        "content-type": "application/json",
        ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: endpoint.model,
        messages,
        temperature: 0.2,
        response_format: { type: "json_schema", json_schema: { name: "blueprint_proposal", schema, strict: false } },
      }),
    });
  } catch (error) {
    const cause = error as Error;
    const why = cause.name === "TimeoutError" ? `no answer within ${endpoint.timeoutMs} ms` : cause.message;
    throw new ModelEndpointError(`the planner's model endpoint ${url} failed: ${why}`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ModelEndpointError(
      `the planner's model endpoint ${url} answered ${response.status}: ${text.slice(0, 300)}`,
    );
  }
  let body: ChatCompletion;
  try {
    body = JSON.parse(text) as ChatCompletion;
  } catch {
    throw new ModelEndpointError(`the planner's model endpoint ${url} did not answer JSON: ${text.slice(0, 200)}`);
  }
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== "string") {
    throw new ModelEndpointError(`the planner's model endpoint ${url} answered without a message`);
  }
  return {
    content,
    promptTokens: body.usage?.prompt_tokens ?? 0,
    completionTokens: body.usage?.completion_tokens ?? 0,
  };
}

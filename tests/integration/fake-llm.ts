/**
 * A local HTTP server that speaks the OpenAI chat-completions API, for the llm runtime's tests
 * and the provider bench. With `limits` it keeps its own requests and tokens per minute as a
 * provider does (buckets that refill continuously) and answers 429 with Retry-After beyond them.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeLlmRequest {
  authorization?: string;
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    temperature?: number;
    max_tokens?: number;
  };
}

export interface FakeLlmAnswer {
  status?: number;
  content: string;
  /** Retry-After (seconds) of a 429 answer. */
  retryAfter?: number;
  /** Held until this settles: lets a test keep calls in flight. */
  hold?: Promise<unknown>;
}

export interface FakeLlmOptions {
  /** What the provider allows; beyond it the answer is 429 with Retry-After. */
  limits?: { requestsPerMinute: number; tokensPerMinute: number };
  /** Usage reported (and charged to the token limit); default 12 prompt and 5 completion tokens. */
  usage?: (request: FakeLlmRequest) => { prompt: number; completion: number };
}

/** A bucket that holds a minute's worth and refills continuously, as providers describe their limits. */
function minuteBucket(perMinute: number) {
  let level = perMinute;
  let at = Date.now();
  return {
    take(amount: number): number {
      const now = Date.now();
      level = Math.min(perMinute, level + ((now - at) * perMinute) / 60_000);
      at = now;
      if (level >= amount) {
        level -= amount;
        return 0;
      }
      return Math.ceil(((amount - level) * 60_000) / perMinute / 1000);
    },
  };
}

export async function startFakeLlm(answer: (request: FakeLlmRequest) => FakeLlmAnswer, options: FakeLlmOptions = {}) {
  const requests: FakeLlmRequest[] = [];
  const figures = { accepted: 0, rejected: 0, inFlight: 0, maxInFlight: 0, tokens: 0, acceptedAt: [] as number[] };
  const usageOf = options.usage ?? (() => ({ prompt: 12, completion: 5 }));
  const buckets = options.limits && {
    requests: minuteBucket(options.limits.requestsPerMinute),
    tokens: minuteBucket(options.limits.tokensPerMinute),
  };
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await text(req)) as FakeLlmRequest["body"];
    const request = { authorization: req.headers.authorization, body };
    requests.push(request);
    if (req.url !== "/v1/chat/completions") {
      res.writeHead(404).end();
      return;
    }
    const usage = usageOf(request);
    const overLimit =
      buckets && Math.max(buckets.requests.take(1), buckets.tokens.take(usage.prompt + usage.completion));
    if (overLimit) {
      figures.rejected++;
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(overLimit) });
      res.end(JSON.stringify({ error: { message: "rate limit reached", type: "requests" } }));
      return;
    }
    figures.inFlight++;
    figures.maxInFlight = Math.max(figures.maxInFlight, figures.inFlight);
    const { status = 200, content, retryAfter, hold } = answer(request);
    await hold;
    figures.inFlight--;
    if (status === 200) {
      figures.accepted++;
      figures.acceptedAt.push(Date.now());
      figures.tokens += usage.prompt + usage.completion;
    } else if (status === 429) figures.rejected++;
    res.writeHead(status, {
      "content-type": "application/json",
      ...(retryAfter !== undefined ? { "retry-after": String(retryAfter) } : {}),
    });
    res.end(
      status === 200
        ? JSON.stringify({
            id: "cmpl-1",
            model: body.model,
            choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
            usage: {
              prompt_tokens: usage.prompt,
              completion_tokens: usage.completion,
              total_tokens: usage.prompt + usage.completion,
            },
          })
        : JSON.stringify({ error: { message: content } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    figures,
    close: () => new Promise((r) => server.close(r)),
  };
}

async function text(req: IncomingMessage): Promise<string> {
  let data = "";
  for await (const chunk of req) data += chunk;
  return data;
}

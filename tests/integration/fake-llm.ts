/** A local HTTP server that speaks the OpenAI chat-completions API, for the llm runtime's tests. */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeLlmRequest {
  authorization?: string;
  body: { model: string; messages: Array<{ role: string; content: string }>; temperature?: number };
}

export async function startFakeLlm(answer: (request: FakeLlmRequest) => { status?: number; content: string }) {
  const requests: FakeLlmRequest[] = [];
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await text(req)) as FakeLlmRequest["body"];
    const request = { authorization: req.headers.authorization, body };
    requests.push(request);
    if (req.url !== "/v1/chat/completions") {
      res.writeHead(404).end();
      return;
    }
    const { status = 200, content } = answer(request);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(
      status === 200
        ? JSON.stringify({
            id: "cmpl-1",
            model: body.model,
            choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
            usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
          })
        : JSON.stringify({ error: { message: content } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () => new Promise((r) => server.close(r)),
  };
}

async function text(req: IncomingMessage): Promise<string> {
  let data = "";
  for await (const chunk of req) data += chunk;
  return data;
}

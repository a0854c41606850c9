import type { ServerResponse } from "node:http";

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * For a HEAD request: the Content-Length the GET would have. Node drops the body of a HEAD
 * answer and with it the length it would have computed, so it is set here from the body.
 */
export function withGetLength(res: ServerResponse): void {
  const end = res.end.bind(res) as (body?: string | Buffer) => ServerResponse;
  res.end = ((body?: string | Buffer) => {
    if (body !== undefined && !res.headersSent && !res.hasHeader("content-length"))
      res.setHeader("Content-Length", Buffer.byteLength(body));
    return end(body);
  }) as ServerResponse["end"];
}

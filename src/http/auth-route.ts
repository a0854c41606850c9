/**
 * Better Auth's endpoints at /api/auth/… (sign-in, sign-out, session) on Myzel's Node
 * server: the body is read here, with Myzel's size limit, and handed over as a web Request.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { fromNodeHeaders } from "better-auth/node";
import type { Auth } from "../infra/auth/better-auth";
import { BodyTooLargeError, readBody } from "./read-body";
import { sendError } from "./send";

export function createAuthRoute(auth: Auth, maxBodyBytes: number) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    let body: string | undefined;
    if (hasBody) {
      try {
        body = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendError(res, 413, "PAYLOAD_TOO_LARGE", error.message);
        throw error;
      }
    }
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    const response = await auth.handler(
      new Request(url, { method: req.method, headers: fromNodeHeaders(req.headers), body }),
    );
    await sendWebResponse(res, response);
  };
}

async function sendWebResponse(res: ServerResponse, response: Response) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, { "cache-control": "no-store", ...headers });
  res.end(Buffer.from(await response.arrayBuffer()));
}

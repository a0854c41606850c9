/**
 * tRPC at /api/trpc. Its body is read here, with the size limit, and refused when it nests
 * deeper than any input Myzel takes (as is a GET's `input` parameter), before tRPC parses it;
 * a batch may hold at most MAX_BATCH_CALLS calls (schemas/common.ts). Refusals go through tRPC's own error path,
 * so the client gets its usual error shape (one per call of a batch) and nothing runs.
 */
import type { IncomingMessage } from "node:http";
import { TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { createRequestContext } from "../api/context";
import { appRouter } from "../api/root";
import type { AppDeps } from "../core/deps";
import { jsonTooDeepAt, tooDeepMessage } from "../domain/input/json-depth";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "../infra/unavailable";
import { MAX_BATCH_CALLS } from "../schemas/common";
import { BodyTooLargeError, readBody } from "./read-body";

export function createTrpcHandler(deps: AppDeps) {
  const { settings, log } = deps;
  return createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: ({ req }) => createRequestContext(deps, req, "trpc"),
    maxBodySize: settings.MAX_BODY_BYTES,
    maxBatchSize: MAX_BATCH_CALLS,
    middleware: (req, _res, next) => void guardInput(req, settings.MAX_BODY_BYTES).then(next),
    // A 503 (PostgreSQL or Redis out of reach) says when to try again.
    responseMeta: ({ errors }) =>
      errors.some((error) => error.code === "SERVICE_UNAVAILABLE")
        ? { headers: { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) } }
        : {},
    onError: ({ error, path: procedure }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") log.error({ err: error.cause ?? error, procedure }, "tRPC error");
    },
  });
}

/** Reads the input (body or `input` parameter); the error to answer every call with, if any. */
async function guardInput(req: IncomingMessage & { body?: unknown }, limit: number): Promise<TRPCError | undefined> {
  let text: string;
  if (req.method === "GET") {
    text = new URL(req.url ?? "/", "http://localhost").searchParams.get("input") ?? "";
  } else {
    try {
      text = await readBody(req, limit);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: error.message });
      return new TRPCError({ code: "BAD_REQUEST", message: "the request body could not be read" });
    }
    req.body = text;
  }
  const deep = jsonTooDeepAt(text);
  return deep === null ? undefined : new TRPCError({ code: "BAD_REQUEST", message: tooDeepMessage(deep) });
}

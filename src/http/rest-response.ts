/**
 * The status and headers of a successful REST answer, for trpc-to-openapi's `responseMeta`
 * (the tRPC endpoint never sees them). Each step reads the route's meta and the procedure's
 * answer and may set the status or add headers; a convention that puts headers on answers
 * (201 + Location here) is one more step in `SUCCESS_STEPS`.
 */
import { createdResponse } from "../domain/http/created";
import { responseHeaders } from "./response-headers";
import type { RestRoute } from "./rest-routes";

export interface ResponseMeta {
  status?: number;
  headers: Record<string, string>;
}

/** One convention: what it adds to the answer of `route` that returned `data`. */
export type ResponseStep = (route: RestRoute, data: unknown, url: URL | undefined) => Partial<ResponseMeta> | undefined;

/** Creates answer 201 Created with the new resource's Location (meta `created`). */
const created: ResponseStep = (route, data) =>
  route.meta.created ? createdResponse(route.meta.created, data) : undefined;

/** The ETag of a versioned resource and the Link of a page of a list. */
const representation: ResponseStep = (route, data, url) => ({
  headers: responseHeaders(route.meta.etag !== undefined, data, url),
});

const SUCCESS_STEPS: ResponseStep[] = [created, representation];

/** trpc-to-openapi's `responseMeta` option: the steps, for successful answers only (errors keep their status). */
export function restResponseMeta(routes: readonly RestRoute[]) {
  const byProcedure = new Map(routes.map((route) => [route.procedure, route]));
  return ({
    paths,
    data,
    errors,
    info,
  }: {
    paths?: readonly string[];
    data: readonly unknown[];
    errors: readonly unknown[];
    info?: { url?: URL | null };
  }) => {
    const route = paths?.[0] === undefined ? undefined : byProcedure.get(paths[0]);
    if (!route || errors.length > 0) return {};
    const meta: ResponseMeta = { headers: {} };
    for (const step of SUCCESS_STEPS) {
      const added = step(route, data[0], info?.url ?? undefined);
      if (added?.status !== undefined) meta.status = added.status;
      Object.assign(meta.headers, added?.headers);
    }
    return meta;
  };
}

/**
 * The REST API's routes as read from the procedures' meta: method, path, the procedure and
 * what its meta says about the HTTP exchange (created, idempotent, media types). Every REST
 * convention is derived from here, so no table of paths is kept apart from the routers.
 */
import type { AnyTRPCRouter } from "@trpc/server";
import { forEachOpenApiProcedure, getPathRegExp, normalizePath } from "trpc-to-openapi";
import type { ProcedureMeta } from "../api/trpc";
import { JSON_TYPE } from "../domain/http/media-type";
import type { Procedure, Schema } from "./rest-inputs";

export interface RestRoute {
  method: string;
  /** The OpenAPI path template, e.g. /api/clusters/{id}. */
  path: string;
  /** The procedure's path in the router, e.g. clusters.create. */
  procedure: string;
  meta: ProcedureMeta;
  /** The procedure's own input schema (never trpc-to-openapi's coerced copy). */
  input: Schema | undefined;
  /** The request body media types it takes. */
  contentTypes: string[];
  pattern: RegExp;
}

export function restRoutes(router: AnyTRPCRouter): RestRoute[] {
  const routes: RestRoute[] = [];
  forEachOpenApiProcedure(router._def.procedures, ({ path, procedure, meta }) => {
    const { openapi } = meta;
    routes.push({
      method: openapi.method,
      path: openapi.path,
      procedure: path,
      meta: meta as ProcedureMeta,
      input: (procedure as unknown as Procedure)._def.inputs[0] as Schema | undefined,
      contentTypes: openapi.contentTypes ?? [JSON_TYPE],
      pattern: getPathRegExp(normalizePath(openapi.path)),
    });
  });
  return routes;
}

/** The route trpc-to-openapi runs for `method` and `pathname`: the first that matches, as it picks. */
export function routeFor(routes: readonly RestRoute[], method: string, pathname: string): RestRoute | undefined {
  const path = normalizePath(pathname);
  return routes.find((route) => route.method === method && route.pattern.test(path));
}

/**
 * Which methods a path of the REST API answers (RFC 9110): a known path asked with another
 * method is a 405 that names the allowed ones in `Allow`, HEAD is GET without a body, and
 * OPTIONS tells the allowed methods. Paths are OpenAPI templates: `{name}` is one segment.
 */

export interface RouteShape {
  method: string;
  /** e.g. /api/clusters/{id}/tasks */
  path: string;
}

export type MethodDecision =
  /** A route takes this method: run it (HEAD runs as GET, without a body). */
  | { kind: "run"; method: string }
  /** OPTIONS on a known path: answer with `Allow`. */
  | { kind: "options"; allow: string[] }
  | { kind: "not-allowed"; allow: string[] }
  | { kind: "unknown-path" };

const ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Whether `pathname` is an instance of the template `path`. */
export function matchesPath(path: string, pathname: string): boolean {
  const template = segments(path);
  const actual = segments(pathname);
  return (
    template.length === actual.length &&
    template.every((part, i) =>
      /^\{\w+\}$/.test(part) ? actual[i] !== "" : part.toLowerCase() === actual[i]!.toLowerCase(),
    )
  );
}

/** The methods `pathname` answers, in a stable order (HEAD with GET, OPTIONS always); empty when no route has the path. */
export function allowedMethods(routes: readonly RouteShape[], pathname: string): string[] {
  const methods = new Set(routes.filter((route) => matchesPath(route.path, pathname)).map((route) => route.method));
  if (methods.size === 0) return [];
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  return ORDER.filter((method) => methods.has(method));
}

export function methodDecision(routes: readonly RouteShape[], method: string, pathname: string): MethodDecision {
  const allow = allowedMethods(routes, pathname);
  if (allow.length === 0) return { kind: "unknown-path" };
  const asked = method.toUpperCase();
  if (asked === "OPTIONS") return { kind: "options", allow };
  if (!allow.includes(asked)) return { kind: "not-allowed", allow };
  return { kind: "run", method: asked === "HEAD" ? "GET" : asked };
}

/** Segments as sent (not decoded), as trpc-to-openapi matches them, so both agree on every path. */
function segments(path: string): string[] {
  return path.replace(/\/+$/, "").split("/");
}

/**
 * CORS for apps on other origins that call the API with an API token (MYZEL_CORS_ORIGINS).
 * Never with credentials: no `Access-Control-Allow-Credentials`, so a browser sends no cookie
 * along and cannot read an answer to one; the session cookie stays the dashboard's alone.
 */

export const CORS_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
export const CORS_REQUEST_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "If-Match", "If-None-Match"];
export const CORS_EXPOSED_HEADERS = ["Location", "ETag", "Link", "Retry-After", "Allow", "Idempotent-Replayed"];
/** How long a browser may keep a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export interface CorsRequest {
  method: string;
  origin: string | undefined;
  /** Access-Control-Request-Method: present on a preflight. */
  requestMethod: string | undefined;
  /** The exact origins an admin allowed. */
  allowedOrigins: readonly string[];
}

export type CorsDecision =
  /** Not a cross-origin call Myzel takes part in: no CORS headers. */
  | { kind: "none" }
  /** An allowed origin's request: these headers on the answer. */
  | { kind: "allow"; headers: Record<string, string> }
  /** An allowed origin's preflight: answer 204 with these headers. */
  | { kind: "preflight"; headers: Record<string, string> }
  /** A preflight from an origin that is not allowed. */
  | { kind: "refuse"; detail: string };

export function isAllowedOrigin(origin: string | undefined, allowedOrigins: readonly string[]): boolean {
  return origin !== undefined && allowedOrigins.includes(origin.toLowerCase());
}

export function corsDecision(request: CorsRequest): CorsDecision {
  const { origin } = request;
  const preflight = request.method.toUpperCase() === "OPTIONS" && request.requestMethod !== undefined;
  if (!isAllowedOrigin(origin, request.allowedOrigins)) {
    if (preflight && origin !== undefined) {
      return { kind: "refuse", detail: `cross-origin calls from ${origin} are not allowed (MYZEL_CORS_ORIGINS)` };
    }
    return { kind: "none" };
  }
  const common = { "Access-Control-Allow-Origin": origin!, Vary: "Origin" };
  if (!preflight) {
    return { kind: "allow", headers: { ...common, "Access-Control-Expose-Headers": CORS_EXPOSED_HEADERS.join(", ") } };
  }
  return {
    kind: "preflight",
    headers: {
      ...common,
      "Access-Control-Allow-Methods": CORS_METHODS.join(", "),
      "Access-Control-Allow-Headers": CORS_REQUEST_HEADERS.join(", "),
      "Access-Control-Max-Age": String(PREFLIGHT_MAX_AGE_SECONDS),
    },
  };
}

/** Why `value` is no origin for MYZEL_CORS_ORIGINS (scheme, host and port only), or null. */
export function originProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is no origin (e.g. https://app.example.com)`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `"${value}" must start with http:// or https://`;
  if (url.origin !== value.toLowerCase().replace(/\/$/, "") || value.endsWith("/"))
    return `"${value}" must be an origin only: scheme, host and port, no path or trailing slash (${url.origin})`;
  return null;
}

/**
 * CSRF protection for calls that carry the session cookie: a state-changing request is
 * refused when the browser says it comes from another site. Browsers send `Origin` on
 * every cross-origin POST and `Sec-Fetch-Site` on every request, and a page cannot forge
 * either, so together they tell a form or script on another site from the dashboard itself.
 * The one exception is an app on an origin an admin allowed (MYZEL_CORS_ORIGINS) calling with
 * an API token: a token is sent on purpose by the page that holds it, never by the browser on
 * its own as a cookie is, so there is no forgery to guard against.
 */
import { isAllowedOrigin } from "../http/cors";

export interface RequestSource {
  method: string;
  /** The Host header: the address the browser used to reach Myzel. */
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  /** The configured public URL (behind a proxy the Host may differ from what browsers see). */
  publicOrigin?: string;
  /** Whether the request carries an API token (`Authorization: Bearer …`). */
  bearer?: boolean;
  /** Origins allowed to call with a token (MYZEL_CORS_ORIGINS). */
  corsOrigins?: readonly string[];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why the request must be refused, or null when it may proceed. */
export function crossSiteRefusal(source: RequestSource): string | null {
  if (source.bearer && isAllowedOrigin(source.origin, source.corsOrigins ?? [])) return null;
  return SAFE_METHODS.has(source.method.toUpperCase()) ? null : foreignOrigin(source);
}

/** Why the request comes from another site, or null: for connections that act like a change (WebSockets). */
export function foreignOrigin(source: Omit<RequestSource, "method">): string | null {
  if (source.secFetchSite && source.secFetchSite !== "same-origin" && source.secFetchSite !== "none") {
    return `cross-site request refused (Sec-Fetch-Site: ${source.secFetchSite})`;
  }
  if (source.origin === undefined) return null;
  if (source.origin === "null") return "cross-site request refused (opaque origin)";
  const allowed = [source.publicOrigin, ...(source.host ? [`http://${source.host}`, `https://${source.host}`] : [])];
  if (!allowed.includes(source.origin.toLowerCase())) return `cross-site request refused (Origin: ${source.origin})`;
  return null;
}

/**
 * Headers of REST answers that come from what a procedure returned: the `ETag` of a
 * versioned resource (a cluster, a user) and the RFC 8288 `Link` of a page of a list.
 * tRPC answers carry neither: their clients read `version` and the cursors from the body.
 */
import { formatEtag } from "../domain/http/etag";
import { pageLinks } from "../domain/http/page-links";

/** `etag`: the procedure's meta says it answers with a versioned resource. */
export function responseHeaders(etag: boolean, data: unknown, url: URL | null | undefined) {
  const headers: Record<string, string> = {};
  if (typeof data !== "object" || data === null) return headers;
  const body = data as { version?: unknown; nextCursor?: unknown; prevCursor?: unknown };
  if (etag && typeof body.version === "number") headers.ETag = formatEtag(body.version);
  if (url && "nextCursor" in body && "prevCursor" in body) {
    const link = pageLinks(url.pathname, url.searchParams, {
      nextCursor: typeof body.nextCursor === "string" ? body.nextCursor : null,
      prevCursor: typeof body.prevCursor === "string" ? body.prevCursor : null,
    });
    if (link) headers.Link = link;
  }
  return headers;
}

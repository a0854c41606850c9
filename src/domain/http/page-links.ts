/**
 * RFC 8288 `Link` header of a page of a list: `next` (older rows) and `prev` (newer rows) as
 * absolute-path URLs that keep every filter of the request and change only its cursor.
 */
export function pageLinks(
  path: string,
  query: URLSearchParams,
  cursors: { nextCursor: string | null; prevCursor: string | null },
): string | null {
  const links: string[] = [];
  const to = (cursor: string, rel: string) => {
    const params = new URLSearchParams(query);
    params.set("cursor", cursor);
    links.push(`<${path}?${params.toString()}>; rel="${rel}"`);
  };
  if (cursors.nextCursor) to(cursors.nextCursor, "next");
  if (cursors.prevCursor) to(cursors.prevCursor, "prev");
  return links.length ? links.join(", ") : null;
}

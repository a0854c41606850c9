import { describe, expect, it } from "vitest";
import { responseHeaders } from "./response-headers";

describe("responseHeaders", () => {
  it("tags a versioned resource with its version, and nothing else", () => {
    expect(responseHeaders(true, { id: "c", version: 4 }, null)).toEqual({ ETag: '"v4"' });
    // A blueprint's version is its semantic version, not a change counter.
    expect(responseHeaders(true, { id: "b", version: "1.0.0" }, null)).toEqual({});
    expect(responseHeaders(false, { id: "t", version: 4 }, null)).toEqual({});
  });

  it("links a page to its neighbours on the request's own path and filters", () => {
    const url = new URL("http://myzel.test/api/tasks?status=FAILED&limit=2");
    const page = { items: [], total: 9, limit: 2, nextCursor: "older", prevCursor: null };
    expect(responseHeaders(false, page, url)).toEqual({
      Link: '</api/tasks?status=FAILED&limit=2&cursor=older>; rel="next"',
    });
    expect(responseHeaders(false, { ...page, nextCursor: null }, url)).toEqual({});
  });
});

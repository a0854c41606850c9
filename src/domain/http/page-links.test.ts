import { describe, expect, it } from "vitest";
import { pageLinks } from "./page-links";

describe("pageLinks", () => {
  it("keeps the filters and replaces only the cursor", () => {
    const query = new URLSearchParams("status=RUNNING&cursor=old&limit=10");
    expect(pageLinks("/api/tasks", query, { nextCursor: "abc", prevCursor: "xyz" })).toBe(
      '</api/tasks?status=RUNNING&cursor=abc&limit=10>; rel="next", </api/tasks?status=RUNNING&cursor=xyz&limit=10>; rel="prev"',
    );
  });

  it("adds the cursor to a first page's query and names no page that does not exist", () => {
    expect(pageLinks("/api/clusters", new URLSearchParams(), { nextCursor: "abc", prevCursor: null })).toBe(
      '</api/clusters?cursor=abc>; rel="next"',
    );
    expect(pageLinks("/api/clusters", new URLSearchParams(), { nextCursor: null, prevCursor: null })).toBeNull();
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { newCluster } from "./cluster-helpers";
import { client, deleteCreatedClusters, rest } from "./helpers";

afterEach(deleteCreatedClusters);

async function clusterWithTasks(count: number) {
  const { cluster } = await newCluster();
  const specs = Array.from({ length: count }, (_, i) => ({ role: "worker", payload: `task ${i}` }));
  const { taskIds } = await client().tasks.submitMany.mutate({ id: cluster.id, tasks: specs });
  return { cluster, taskIds };
}

/** The next page's URL from a Link header, as a client following it would take it. */
function linkTo(header: string | null, rel: string): string | null {
  const match = header?.split(", ").find((link) => link.endsWith(`rel="${rel}"`));
  return match ? match.slice(1, match.indexOf(">")) : null;
}

describe("cursor pagination", () => {
  it("pages through tasks by Link while new ones arrive: none twice, none of the first ones missed", async () => {
    const { cluster, taskIds } = await clusterWithTasks(7);
    const seen: string[] = [];
    let next: string | null = `/api/tasks?clusterId=${cluster.id}&limit=3`;
    while (next) {
      const page = await rest(next);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((task: { id: string }) => task.id));
      // A task submitted between two pages sorts above all of them.
      await client().tasks.submit.mutate({ id: cluster.id, role: "worker", payload: "late" });
      next = linkTo(page.headers.get("link"), "next");
      if (next) expect(next).toContain(`clusterId=${cluster.id}`);
      expect(page.body.nextCursor === null).toBe(next === null);
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Tasks submitted together share their creation time: the id orders them, once each.
    expect([...seen].sort()).toEqual([...taskIds].sort());
  });

  it("goes back with prevCursor to the same rows, and the first page has none", async () => {
    const { cluster } = await clusterWithTasks(5);
    const first = await client().tasks.list.query({ clusterId: cluster.id, limit: 2 });
    expect(first.prevCursor).toBeNull();
    expect(first.total).toBe(5);
    const second = await client().tasks.list.query({ clusterId: cluster.id, limit: 2, cursor: first.nextCursor! });
    const third = await client().tasks.list.query({ clusterId: cluster.id, limit: 2, cursor: second.nextCursor! });
    const back = await client().tasks.list.query({ clusterId: cluster.id, limit: 2, cursor: third.prevCursor! });
    expect(back.items.map((t) => t.id)).toEqual(second.items.map((t) => t.id));
    const top = await client().tasks.list.query({ clusterId: cluster.id, limit: 2, cursor: second.prevCursor! });
    expect(top.items.map((t) => t.id)).toEqual(first.items.map((t) => t.id));
    expect(top.prevCursor).toBeNull();
  });

  it("pages every list the same way: the audit log, clusters, healing history, dead letters", async () => {
    for (const path of [
      "/api/audit-log",
      "/api/clusters?includeDeleted=true",
      "/api/healing-history",
      "/api/dead-letters",
    ]) {
      const page = await rest(`${path}${path.includes("?") ? "&" : "?"}limit=1`);
      expect(page.status, path).toBe(200);
      expect(page.body, path).toMatchObject({ limit: 1, prevCursor: null });
      expect(Object.keys(page.body).sort(), path).toEqual(["items", "limit", "nextCursor", "prevCursor", "total"]);
      if (page.body.total > 1) {
        const next = await rest(linkTo(page.headers.get("link"), "next")!);
        expect(next.body.items[0].id, path).not.toBe(page.body.items[0].id);
      }
    }
  });

  it("refuses a malformed cursor with a 400 naming cursor, and offset by name", async () => {
    const bad = await rest("/api/tasks?cursor=not-a-cursor");
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: "/cursor" })]);
    const offset = await rest("/api/tasks?offset=10");
    expect(offset.status).toBe(400);
    expect(JSON.stringify(offset.body.issues)).toContain("offset");
  });
});

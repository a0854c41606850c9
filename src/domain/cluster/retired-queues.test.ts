import { describe, expect, it } from "vitest";
import { goneClusterReason, RETIRED_QUEUE_WATCH_MS, retiredQueueClusters } from "./retired-queues";

const now = new Date("2026-12-04T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("retiredQueueClusters", () => {
  it("watches clusters deleted within the last day, and no live one", () => {
    const gone = retiredQueueClusters({
      now,
      live: ["live"],
      deleted: [
        { id: "recent", deletedAt: ago(60_000) },
        { id: "old", deletedAt: ago(RETIRED_QUEUE_WATCH_MS + 1) },
      ],
      producerClusterIds: ["live"],
    });
    expect(gone.map((c) => c.id)).toEqual(["recent"]);
  });

  it("watches for as long as a producer may still add jobs, and clusters that never existed", () => {
    const gone = retiredQueueClusters({
      now,
      live: [],
      deleted: [{ id: "old", deletedAt: ago(7 * RETIRED_QUEUE_WATCH_MS) }],
      producerClusterIds: ["old", "never", "old"],
    });
    expect(gone).toEqual([
      { id: "old", deletedAt: ago(7 * RETIRED_QUEUE_WATCH_MS) },
      { id: "never", deletedAt: null },
    ]);
  });
});

describe("goneClusterReason", () => {
  it("says the cluster was deleted and when, or that it never was", () => {
    expect(goneClusterReason({ id: "c1", deletedAt: now })).toBe("cluster c1 was deleted at 2026-12-04T12:00:00.000Z");
    expect(goneClusterReason({ id: "c2", deletedAt: null })).toBe("cluster c2 does not exist");
  });
});

/**
 * Two servers on one PostgreSQL and one Redis (behind a load balancer, say): a browser
 * connected to either sees every change, whichever server it went through, and sees it once.
 */
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { type MyzelServer, startMyzel } from "../../src/boot/start-myzel";
import { createMyzelClient } from "../../src/client";
import { loadSettings } from "../../src/env";
import { createLogger } from "../../src/infra/logger";
import { compareEventIds, type LiveEvent } from "../../src/schemas/live";
import { activeCluster, client, deleteCreatedClusters, teamBlueprint, uploadBlueprint, watchEvents } from "./helpers";

let second: MyzelServer | undefined;
afterAll(async () => {
  await deleteCreatedClusters();
  await second?.stop();
});

describe("live events with two servers", () => {
  it("reach a browser on the other server exactly once", async () => {
    const settings = loadSettings({
      DATABASE_URL: inject("databaseUrl"),
      REDIS_URL: inject("redisUrl"),
      MYZEL_PORT: "0",
      MYZEL_NODE_ID: "second-server",
      MYZEL_RUNNER_ENABLED: "false",
      MYZEL_DATA_DIR: path.join(os.tmpdir(), `myzel-second-server-${process.pid}`),
      NODE_ENV: "test",
    });
    second = await startMyzel({ settings, log: createLogger("silent"), withNext: false });

    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await activeCluster({ blueprintId: id });

    // The browser is on the second server; the changes go through the first.
    const { socket, received, reply } = await watchEvents({ clusterId: cluster.id }, undefined, second.url);
    const onFirst = await watchEvents({ clusterId: cluster.id });
    try {
      await client().clusters.hibernate.mutate({ id: cluster.id });
      await client().clusters.wait.query({ id: cluster.id, status: "HIBERNATED" });
      await client().clusters.reactivate.mutate({ id: cluster.id });
      await client().clusters.wait.query({ id: cluster.id, status: "ACTIVE" });
      // Also through the second server's API: the browser on it sees that too.
      await createMyzelClient({ url: second.url, token: inject("adminToken") }).tasks.submit.mutate({
        id: cluster.id,
        role: "lead",
        payload: "via the second",
        waitMs: 10_000,
      });

      await expect.poll(() => received.filter((e) => e.type === "tasks.finished").length).toBe(1);
      const transitions = received.flatMap((e) => (e.type === "cluster.status" ? [`${e.from}->${e.to}`] : []));
      expect(transitions).toEqual(["ACTIVE->HIBERNATED", "HIBERNATED->SPAWNING", "SPAWNING->ACTIVE"]);
      expect(received.filter((e) => e.type === "tasks.submitted")).toHaveLength(1);

      // Each event has one id, the same on both servers, and the ids grow along the stream.
      const ids = received.map((e) => e.eventId);
      for (let i = 1; i < ids.length; i++) expect(compareEventIds(ids[i]!, ids[i - 1]!)).toBeGreaterThan(0);
      await expect.poll(() => onFirst.received.some((e) => e.eventId === ids.at(-1))).toBe(true);
      // Over the span both watched: the same events with the same ids, in the same order.
      const starts = [onFirst.reply, reply].map((r) => ("lastEventId" in r ? (r.lastEventId ?? "0-0") : "0-0"));
      const start = compareEventIds(starts[0]!, starts[1]!) > 0 ? starts[0]! : starts[1]!;
      const span = (events: LiveEvent[]) =>
        events
          .filter((e) => compareEventIds(e.eventId, start) > 0 && compareEventIds(e.eventId, ids.at(-1)!) <= 0)
          .map((e) => `${e.eventId} ${e.type}`);
      expect(span(onFirst.received)).toEqual(span(received));
      expect(span(received).length).toBeGreaterThan(4);
    } finally {
      onFirst.socket.disconnect();
      socket.disconnect();
    }
  });
});

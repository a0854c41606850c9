import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createRedis } from "../../src/infra/redis";
import { clusterOf, type MyzelEvent } from "../../src/schemas/events";
import { activeCluster, client, deleteCreatedClusters, teamBlueprint, track, uniqueName, uploadBlueprint, watchEvents } from "./helpers";

let socket: Socket | undefined;
afterEach(async () => {
  socket?.disconnect();
  await deleteCreatedClusters();
});

async function watch(target: { all?: boolean; clusterId?: string }) {
  const watching = await watchEvents(target);
  socket = watching.socket;
  return watching.received;
}

function waitFor(received: MyzelEvent[], predicate: (e: MyzelEvent) => boolean): Promise<MyzelEvent> {
  return new Promise((resolve) => {
    const check = () => {
      const hit = received.find(predicate);
      if (hit) resolve(hit);
      else socket!.once("event", check);
    };
    check();
  });
}

describe("live events over Socket.IO", () => {
  it("pushes a cluster's creation and each lifecycle transition to watching browsers", async () => {
    const received = await watch({ all: true });
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await client().clusters.create.mutate({ blueprintId: id, name: uniqueName("live") });
    track(cluster.id);
    await waitFor(received, (e) => e.type === "cluster.status" && e.clusterId === cluster.id && e.to === "ACTIVE");
    const mine = received.filter((e) => clusterOf(e) === cluster.id);
    const lifecycle = mine.filter((e) => e.type === "cluster.created" || e.type === "cluster.status");
    expect(lifecycle.map((e) => (e.type === "cluster.status" ? `${e.from}->${e.to}` : e.type))).toEqual(["cluster.created", "PLANNING->SPAWNING", "SPAWNING->ACTIVE"]);
  });

  it("sends a cluster's room only that cluster's events", async () => {
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const watched = await activeCluster({ blueprintId: id, name: uniqueName("watched") });
    const other = await activeCluster({ blueprintId: id, name: uniqueName("other") });
    const received = await watch({ clusterId: watched.id });
    await client().clusters.hibernate.mutate({ id: other.id });
    await client().clusters.hibernate.mutate({ id: watched.id });
    await waitFor(received, (e) => e.type === "cluster.status" && e.to === "HIBERNATED");
    expect(received.every((e) => clusterOf(e) === watched.id)).toBe(true);
  });
});

describe("when the server's event subscription drops", () => {
  it("tells watching browsers to fetch again, since events published meanwhile are lost", async () => {
    const { socket: watcher } = await watchEvents({ all: true });
    socket = watcher;
    const resynced = new Promise<void>((resolve) => watcher.once("resync", resolve));
    // Redis closes the server's subscriber connection, as a Redis restart would.
    const redis = createRedis(inject("redisUrl"), "test-admin");
    try {
      const clients = (await redis.client("LIST")) as string;
      const ids = clients.split("\n").filter((line) => line.includes("name=myzel:events ")).map((line) => /id=(\d+)/.exec(line)![1]!);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) await redis.client("KILL", "ID", id);
      await resynced;
    } finally {
      redis.disconnect();
    }

    // And events flow again afterwards.
    const received: MyzelEvent[] = [];
    watcher.on("event", (event: MyzelEvent) => received.push(event));
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await client().clusters.create.mutate({ blueprintId: id, name: uniqueName("after") });
    track(cluster.id);
    await expect.poll(() => received.some((e) => e.type === "cluster.created" && e.clusterId === cluster.id)).toBe(true);
  });
});

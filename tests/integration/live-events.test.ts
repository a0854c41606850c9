import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, inject, it } from "vitest";
import { clusterOf, type MyzelEvent } from "../../src/schemas/events";
import {
  activeCluster,
  baseUrl,
  client,
  connectSocket,
  deleteCreatedClusters,
  signIn,
  teamBlueprint,
  tokenFor,
  track,
  uniqueName,
  uploadBlueprint,
  watchEvents,
} from "./helpers";

let socket: Socket | undefined;
afterEach(async () => {
  socket?.disconnect();
  await deleteCreatedClusters();
});

const connect = connectSocket;

async function watch(target: { all?: boolean; clusterId?: string }, options?: Parameters<typeof connect>[0]) {
  const watching = await watchEvents(target, options);
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
    expect(lifecycle.map((e) => (e.type === "cluster.status" ? `${e.from}->${e.to}` : e.type))).toEqual([
      "cluster.created",
      "PLANNING->SPAWNING",
      "SPAWNING->ACTIVE",
    ]);
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

describe("who may listen", () => {
  const refusal = (options: Parameters<typeof connect>[0]) =>
    new Promise<string>((resolve, reject) => {
      socket = connect(options);
      socket.once("connect", () => reject(new Error("connected")));
      socket.once("connect_error", (error) => resolve(error.message));
    });

  it("turns away a connection without a session or token", async () => {
    expect(await refusal({})).toContain("unauthorized");
    expect(await refusal({ token: "myzel_revoked-or-made-up-0000000000000000000000" })).toContain("unauthorized");
  });

  it("accepts a browser's session cookie, but not in a handshake from another site", async () => {
    const cookie = await signIn(inject("adminEmail"), inject("adminPassword"));
    const received = await watch({ all: true }, { headers: { cookie, origin: baseUrl() } });
    expect(received).toEqual([]);
    socket!.disconnect();
    expect(await refusal({ headers: { cookie, origin: "https://evil.example" } })).toBeTruthy();
  });

  it("closes an open connection once its token is revoked", async () => {
    const { token, info } = await client().tokens.create.mutate({ name: uniqueName("watcher"), role: "VIEWER" });
    await watch({ all: true }, { token });
    expect(socket!.connected).toBe(true);
    const closed = new Promise<string>((resolve) => socket!.once("disconnect", resolve));
    await client().tokens.revoke.mutate({ tokenId: info.id });
    expect(await closed).toBe("io server disconnect");
  });

  it("lets a viewer watch the live events", async () => {
    const viewerToken = await tokenFor("VIEWER");
    const received = await watch({ all: true }, { token: viewerToken });
    const { id, yaml } = teamBlueprint();
    await uploadBlueprint(yaml);
    const cluster = await client().clusters.create.mutate({ blueprintId: id, name: uniqueName("viewed") });
    track(cluster.id);
    await waitFor(received, (e) => e.type === "cluster.status" && e.clusterId === cluster.id && e.to === "ACTIVE");
  });
});

describe("what a connection may watch", () => {
  it("refuses rooms that are not clusters by id, and more than 100 rooms, with an error in the ack", async () => {
    await watch({});
    const ask = (target: unknown) => new Promise<unknown>((resolve) => socket!.emit("watch", target as never, resolve));
    expect(await ask({ clusterId: "x".repeat(500_000) })).toEqual({
      error: "watch: clusterId: expected an id (a UUID)",
    });
    expect(await ask({ room: "role:ADMIN" })).toHaveProperty("error");
    const ids = Array.from({ length: 100 }, () => randomUUID());
    for (const clusterId of ids) expect(await ask({ clusterId })).not.toHaveProperty("error");
    expect(await ask({ all: true })).toEqual({ error: "watch: at most 100 rooms per connection; unwatch some first" });
    // The connection stays usable: one room less, and the overview fits.
    socket!.emit("unwatch", { clusterId: ids[0] });
    expect(await ask({ all: true })).not.toHaveProperty("error");
    expect(socket!.connected).toBe(true);
  });
});

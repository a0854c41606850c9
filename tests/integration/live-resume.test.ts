/**
 * Resuming the live events: a client that lost its connection says which event it saw last and
 * gets exactly what it missed, in order; one that was away too long is told to fetch again; the
 * typed client's `events()` does all of it by itself when the server drops its connection.
 */
import os from "node:os";
import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { type MyzelServer, startMyzel } from "../../src/boot/start-myzel";
import { createMyzelClient, type LiveMessage } from "../../src/client";
import { loadSettings } from "../../src/env";
import { createEventPublisher } from "../../src/infra/events";
import { keys } from "../../src/infra/keys";
import { createLogger } from "../../src/infra/logger";
import { createRedis, type Redis } from "../../src/infra/redis";
import { myzelEvent } from "../../src/schemas/events";
import { compareEventIds, type LiveEvent } from "../../src/schemas/live";
import {
  activeCluster,
  baseUrl,
  client,
  deleteCreatedClusters,
  teamBlueprint,
  uploadBlueprint,
  watchEvents,
} from "./helpers";

const HISTORY = 1000;
const sockets: Socket[] = [];
let redis: Redis;
let second: MyzelServer | undefined;

beforeAll(async () => {
  redis = createRedis(inject("redisUrl"), "test-live-resume");
  const { yaml } = teamBlueprint("live-resume");
  await uploadBlueprint(yaml);
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});
afterAll(async () => {
  await deleteCreatedClusters();
  await second?.stop();
  redis.disconnect();
});

async function watch(...args: Parameters<typeof watchEvents>) {
  const watching = await watchEvents(...args);
  sockets.push(watching.socket);
  return watching;
}

const describeEvent = (e: LiveEvent) =>
  `${e.eventId} ${e.type}${e.type === "cluster.status" ? ` ${e.from}->${e.to}` : ""}`;
const between = (events: LiveEvent[], from: string, through: string) =>
  events.filter((e) => compareEventIds(e.eventId, from) > 0 && compareEventIds(e.eventId, through) <= 0);
const statusEvent = (events: LiveEvent[], clusterId: string, to: string) =>
  events.findLast((e) => e.type === "cluster.status" && e.clusterId === clusterId && e.to === to);

function expectStrictlyIncreasing(events: LiveEvent[]) {
  for (let i = 1; i < events.length; i++)
    expect(compareEventIds(events[i]!.eventId, events[i - 1]!.eventId), describeEvent(events[i]!)).toBeGreaterThan(0);
}

/** The Redis client ids of the servers' event stream readers. */
async function streamReaders(): Promise<string[]> {
  return ((await redis.client("LIST")) as string)
    .split("\n")
    .filter((line) => line.includes("name=myzel:events "))
    .map((line) => /id=(\d+)/.exec(line)![1]!);
}

async function hibernateAndWake(clusterId: string) {
  await client().clusters.hibernate.mutate({ id: clusterId });
  await client().clusters.wait.query({ id: clusterId, status: "HIBERNATED" });
  await client().clusters.reactivate.mutate({ id: clusterId });
  await client().clusters.wait.query({ id: clusterId, status: "ACTIVE" });
}

describe("resuming the live events", () => {
  it("sends a client that reconnects with its last id exactly the events it missed, in order, once", async () => {
    const cluster = await activeCluster({ blueprintId: teamBlueprint("live-resume").id });
    const steady = await watch({ clusterId: cluster.id });
    const leaving = await watch({ clusterId: cluster.id });
    const lastSeen = leaving.reply;
    if (!("lastEventId" in lastSeen) || !lastSeen.lastEventId) throw new Error("no position in the watch reply");
    leaving.socket.disconnect();

    // Missed while away: a whole hibernate and wake.
    await hibernateAndWake(cluster.id);
    const back = await watch({ clusterId: cluster.id, after: lastSeen.lastEventId });
    if (!("replayed" in back.reply)) throw new Error(back.reply.error);
    const replayed = [...back.received];
    expect(back.resyncs).toEqual([]);
    expect(back.reply.replayed).toBe(replayed.length);
    expect(replayed.filter((e) => e.type === "cluster.status").map(describeEvent)).toHaveLength(3);

    // One more change reaches both live: up to it, the one that came back has what the steady one has.
    await client().clusters.hibernate.mutate({ id: cluster.id });
    await expect.poll(() => Boolean(statusEvent(back.received, cluster.id, "HIBERNATED"))).toBe(true);
    const marker = statusEvent(back.received, cluster.id, "HIBERNATED")!.eventId;
    await expect.poll(() => steady.received.some((e) => e.eventId === marker)).toBe(true);
    const expected = between(steady.received, lastSeen.lastEventId, marker);
    expect(back.received.map(describeEvent)).toEqual(expected.map(describeEvent));
    expectStrictlyIncreasing(back.received);
    expect(new Set(back.received.map((e) => e.eventId)).size).toBe(back.received.length);
  });

  it("tells a client whose last id is older than the history to fetch again, then goes on live", async () => {
    const first = await watch({ all: true });
    const lastSeen = "lastEventId" in first.reply ? first.reply.lastEventId : null;
    expect(lastSeen).toBeTruthy();
    first.socket.disconnect();
    // Other processes publish more events than the history keeps (the server of these tests keeps HISTORY).
    const publisher = createEventPublisher(redis, HISTORY);
    const at = new Date().toISOString();
    await Promise.all(
      Array.from({ length: HISTORY + 300 }, () =>
        publisher.publish({ type: "cluster.updated", clusterId: "elsewhere", at }),
      ),
    );

    const back = await watch({ all: true, after: lastSeen! });
    expect(back.resyncs).toEqual([{ reason: "expired" }]);
    expect(back.reply).toMatchObject({ replayed: 0 });
    const next = await publisher.publish({ type: "cluster.updated", clusterId: "after-resync", at });
    await expect.poll(() => back.received.some((e) => e.eventId === next)).toBe(true);
  });

  it("refuses a watch whose last id is no event id, saying what is wrong", async () => {
    const { reply } = await watch({ all: true, after: "yesterday" });
    expect(reply).toMatchObject({ error: expect.stringContaining("after") });
  });

  it("loses nothing when the server's own connection to the stream drops", async () => {
    const watching = await watch({ all: true });
    const readers = await streamReaders();
    expect(readers.length).toBeGreaterThan(0);
    for (const id of readers) await redis.client("KILL", "ID", id);
    const published = await createEventPublisher(redis, HISTORY).publish({
      type: "cluster.updated",
      clusterId: "while-reconnecting",
      at: new Date().toISOString(),
    });
    await expect.poll(() => watching.received.some((e) => e.eventId === published)).toBe(true);
    expect(watching.resyncs).toEqual([]);
  });

  it("tells every client to fetch again when the stream lost events the server had not read", async () => {
    const watching = await watch({ all: true });
    const readers = await streamReaders();
    // As a Redis that restarted without its data: the stream is gone when the server reads again.
    const lost = redis.multi().del(keys.events);
    for (const id of readers) lost.client("KILL", "ID", id);
    await lost.exec();
    await expect.poll(() => watching.resyncs).toEqual([{ reason: "gap" }]);
  });
});

describe("the AsyncAPI document", () => {
  it("is served beside the OpenAPI one and names every event type", async () => {
    const response = await fetch(`${baseUrl()}/api/asyncapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { asyncapi: string; components: { schemas: Record<string, unknown> } };
    expect(doc.asyncapi).toMatch(/^3\./);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(myzelEvent.options.map((option) => option.shape.type.value)),
    );
  });
});

describe("the typed client's events()", () => {
  it("watches again after the server closed its connection, and resumes without a gap", async () => {
    const settings = loadSettings({
      DATABASE_URL: inject("databaseUrl"),
      REDIS_URL: inject("redisUrl"),
      MYZEL_PORT: "0",
      MYZEL_NODE_ID: "live-resume-server",
      MYZEL_RUNNER_ENABLED: "false",
      MYZEL_EVENT_HISTORY: String(HISTORY),
      MYZEL_DATA_DIR: path.join(os.tmpdir(), `myzel-live-resume-${process.pid}`),
      NODE_ENV: "test",
    });
    second = await startMyzel({ settings, log: createLogger("silent"), withNext: false });
    const cluster = await activeCluster({ blueprintId: teamBlueprint("live-resume").id });
    const steady = await watch({ clusterId: cluster.id });

    const myzel = createMyzelClient({ url: second.url, token: inject("adminToken") });
    const events = myzel.events({ clusterId: cluster.id });
    const received: LiveMessage[] = [];
    const reading = (async () => {
      for await (const message of events) received.push(message);
    })();
    await expect.poll(() => events.lastEventId).toBeTruthy();
    const start = events.lastEventId!;

    // The server closes every connection and lets none back in until the cluster has slept and woken.
    let reopen!: () => void;
    const closedDoor = new Promise<void>((resolve) => (reopen = resolve));
    second.io.use((_socket, next) => void closedDoor.then(() => next()));
    second.io.disconnectSockets(true);
    await hibernateAndWake(cluster.id);
    reopen();

    await client().clusters.hibernate.mutate({ id: cluster.id });
    await expect
      .poll(() => received.filter((m) => m.type === "cluster.status" && m.to === "HIBERNATED").length)
      .toBe(2);
    events.close();
    await reading;

    const got = received as LiveEvent[];
    expect(received.some((m) => m.type === "resync")).toBe(false);
    const last = got.at(-1)!.eventId;
    await expect.poll(() => steady.received.some((e) => e.eventId === last)).toBe(true);
    // From the event the client had when the door closed (it may have been the first it got) on:
    // exactly what a client that never lost its connection saw, no gap and nothing twice.
    expect(between(got, start, last).map(describeEvent)).toEqual(
      between(steady.received, start, last).map(describeEvent),
    );
    expect(got.filter((e) => e.type === "cluster.status").map(describeEvent)).toHaveLength(4);
    expectStrictlyIncreasing(got);
  });
});

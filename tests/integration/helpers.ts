import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import { inject } from "vitest";
import { createMyzelClient } from "../../src/client";
import type { MyzelEvent } from "../../src/schemas/events";

export const baseUrl = () => inject("myzelUrl");
export const client = () => createMyzelClient({ url: baseUrl() });

export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function rest(path: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const response = await fetch(`${baseUrl()}${path}`, {
    ...rest,
    headers: { ...(json !== undefined ? { "content-type": "application/json" } : {}), ...rest.headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

/** A small valid blueprint with a unique id: supervisor → 2 leads → workers 0-6. */
export function teamBlueprint(id = uniqueName("team"), version = "1.0.0") {
  return {
    id,
    yaml: `metadata:
  id: ${id}
  name: Test Team
  version: ${version}
cluster:
  type: department
  min_workers: 3
  max_workers: 12
  scaling:
    metric: task_queue_length
    scale_up_threshold: 10
    scale_down_threshold: 2
agents:
  - role: supervisor
    name: Head
    count: 1
    capabilities: [coordination]
  - role: lead
    name: Team Lead
    count: 2
    reports_to: supervisor
  - role: worker
    name: Worker
    count: 0-6
    reports_to: lead
    capabilities: [writing]
`,
  };
}

export async function uploadBlueprint(yaml: string) {
  return client().blueprints.upload.mutate({ yaml });
}

const created = new Set<string>();

/** Creates a cluster and waits until its agents run (ACTIVE); it is deleted by `deleteCreatedClusters`. */
export async function activeCluster(input: { blueprintId: string; name?: string; targetWorkers?: number }) {
  const cluster = await client().clusters.create.mutate({ name: uniqueName("cluster"), ...input });
  created.add(cluster.id);
  return waitForStatus(cluster.id, "ACTIVE");
}

export async function waitForStatus(id: string, status: string) {
  const cluster = await client().clusters.wait.query({ id, status: status as "ACTIVE", timeoutMs: 20_000 });
  if (cluster.status !== status) throw new Error(`cluster ${id} is ${cluster.status}, not ${status}, after 20 s`);
  return cluster;
}

export function track(clusterId: string) {
  created.add(clusterId);
}

/** Stops the agent processes of the clusters a test file made, so they do not pile up. */
export async function deleteCreatedClusters() {
  await Promise.all(
    [...created].map(async (id) => {
      created.delete(id);
      const cluster = await client().clusters.get.query({ id });
      if (cluster.allowedActions.includes("destroy")) await client().clusters.delete.mutate({ id });
    }),
  );
}

/** A browser's view of the event stream: a Socket.IO connection that has joined the rooms of `target`. */
export async function watchEvents(target: { all?: boolean; clusterId?: string }): Promise<{ socket: Socket; received: MyzelEvent[] }> {
  const socket = io(baseUrl(), { path: "/socket.io", transports: ["websocket"] });
  const received: MyzelEvent[] = [];
  socket.on("event", (event: MyzelEvent) => received.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  // The acknowledgement arrives once the server has joined the rooms.
  await new Promise<void>((resolve) => socket.emit("watch", target, resolve));
  return { socket, received };
}

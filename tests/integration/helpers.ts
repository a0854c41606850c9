import { randomUUID } from "node:crypto";
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { inject } from "vitest";
import { createMyzelClient } from "../../src/client";
import type { Role } from "../../src/schemas/auth-api";
import type { LiveEvent, ResyncNotice, WatchReply, WatchRequest } from "../../src/schemas/live";

export const baseUrl = () => inject("myzelUrl");
/** The typed client with the admin token, another token, or (null) none at all. */
export const client = (token: string | null = inject("adminToken")) =>
  createMyzelClient({ url: baseUrl(), token: token ?? undefined });

export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A REST call with the admin token unless `token` names another (or null: anonymous). */
export async function rest(path: string, init: RequestInit & { json?: unknown; token?: string | null } = {}) {
  const { json, token = inject("adminToken"), ...rest } = init;
  const response = await fetch(`${baseUrl()}${path}`, {
    ...rest,
    headers: {
      ...(json !== undefined ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...rest.headers,
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers };
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

/**
 * Creates a cluster and waits until its agents run (ACTIVE); it is deleted by `deleteCreatedClusters`.
 * `timeoutMs` bounds the wait (a cluster of many agents starts them on a loaded machine too).
 */
export async function activeCluster(
  input: { blueprintId: string; name?: string; targetWorkers?: number },
  timeoutMs?: number,
) {
  const cluster = await client().clusters.create.mutate({ name: uniqueName("cluster"), ...input });
  created.add(cluster.id);
  return waitForStatus(cluster.id, "ACTIVE", timeoutMs);
}

export async function waitForStatus(id: string, status: string, timeoutMs = 20_000) {
  const cluster = await client().clusters.wait.query({ id, status: status as "ACTIVE", timeoutMs });
  if (cluster.status === status) return cluster;
  // Where its agents are says why: still pending placement, starting, failed, or on which node.
  const agents = await client().agents.list.query({ id });
  const counts = new Map<string, number>();
  for (const a of agents) {
    const where = `${a.status} on ${a.nodeId ?? "no node"}`;
    counts.set(where, (counts.get(where) ?? 0) + 1);
  }
  const summary = [...counts].map(([where, n]) => `${n} ${where}`).join(", ");
  throw new Error(
    `cluster ${id} is ${cluster.status}, not ${status}, after ${timeoutMs / 1000} s; its agents: ${summary}`,
  );
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

/** Signs in as a browser does and returns the session cookie to send as `Cookie`. */
export async function signIn(email: string, password: string, url = baseUrl()): Promise<string> {
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  return sessionCookie(response);
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export function sessionCookie(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .join("; ");
}

/** A new API token of `role`, made by the admin as a person would in the dashboard. */
export async function tokenFor(role: Role, name = uniqueName(role.toLowerCase())) {
  return (await client().tokens.create.mutate({ name, role })).token;
}

/** A user of `role` with a password, made by the admin. */
export async function userWith(role: Role) {
  const email = `${uniqueName(role.toLowerCase())}@myzel.test`;
  const password = "a-long-enough-password";
  const user = await client().users.create.mutate({ name: `${role} user`, email, password, role });
  return { ...user, password };
}

/** One SQL statement against the server's database (to look at what is stored, or to let time pass). */
export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const db = new pg.Client({ connectionString: inject("databaseUrl") });
  await db.connect();
  try {
    return (await db.query<T>(text, values)).rows;
  } finally {
    await db.end();
  }
}

/** A Socket.IO connection as a browser or app opens it: with the admin's token unless told otherwise. */
export function connectSocket(
  options: { token?: string; headers?: Record<string, string> } = { token: inject("adminToken") },
  url = baseUrl(),
): Socket {
  return io(url, {
    path: "/socket.io",
    transports: ["websocket"],
    auth: options.token ? { token: options.token } : {},
    extraHeaders: options.headers,
    reconnection: false,
  });
}

/** A browser's view of the event stream: a connection that has joined the rooms of `target`. */
export async function watchEvents(
  target: WatchRequest,
  options?: Parameters<typeof connectSocket>[0],
  url?: string,
): Promise<{ socket: Socket; received: LiveEvent[]; resyncs: ResyncNotice[]; reply: WatchReply }> {
  const socket = connectSocket(options, url);
  const received: LiveEvent[] = [];
  const resyncs: ResyncNotice[] = [];
  socket.on("event", (event: LiveEvent) => received.push(event));
  socket.on("resync", (notice: ResyncNotice) => resyncs.push(notice));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  // The acknowledgement arrives once the server has sent what `after` missed and joined the rooms.
  const reply = await new Promise<WatchReply>((resolve) => socket.emit("watch", target, resolve));
  return { socket, received, resyncs, reply };
}

/** Every row of a list that pages by cursor, read page by page. */
export async function allPages<T>(
  list: (page: { limit: number; cursor?: string }) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 200, ...(cursor ? { cursor } : {}) });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

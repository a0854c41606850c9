/**
 * The browser's one Socket.IO connection, shared by every component. It remembers what the
 * page watches and the last event each target received, so that a reconnect (server restart,
 * network change) watches the same rooms again from there: the server sends what was missed,
 * and the page catches up instead of showing stale state. Only when the server cannot (a
 * `resync`) does the page fetch everything again.
 */
import { io, type Socket } from "socket.io-client";
import { ResumePoints } from "@/client/resume-points";
import type { MyzelEvent } from "@/schemas/events";
import type { ClientToServer, ServerToClient, WatchTarget } from "@/schemas/live";

export type LiveStatus = "connecting" | "live" | "reconnecting";
export type { WatchTarget };

type LiveSocket = Socket<ServerToClient, ClientToServer>;

let socket: LiveSocket | undefined;
let status: LiveStatus = "connecting";
const statusListeners = new Set<() => void>();
const reconnectListeners = new Set<() => void>();
const eventListeners = new Set<(event: MyzelEvent) => void>();
/** Watched targets, with how many components want each and where each is in the stream. */
const points = new ResumePoints();

function setStatus(next: LiveStatus) {
  if (next === status) return;
  status = next;
  for (const listener of statusListeners) listener();
}

function notifyReconnect() {
  for (const listener of reconnectListeners) listener();
}

export function liveSocket(): LiveSocket {
  if (socket) return socket;
  const created: LiveSocket = io({ path: "/socket.io", reconnectionDelayMax: 5_000 });
  let connectedBefore = false;
  created.on("connect", () => {
    const requests = points.requests();
    for (const { target, request } of requests) sendWatch(created, target, request);
    setStatus("live");
    // A target with no position yet cannot resume: what it shows is fetched again.
    if (connectedBefore && requests.some(({ request }) => !request.after)) notifyReconnect();
    connectedBefore = true;
  });
  created.on("event", (event) => {
    if (!points.accept(event)) return;
    for (const listener of eventListeners) listener(event);
  });
  // Events were lost for good (away longer than the server's history): fetch again.
  created.on("resync", notifyReconnect);
  created.on("disconnect", (reason) => {
    setStatus("reconnecting");
    // Socket.IO reconnects by itself after a lost connection, not after the server closed it (a restart).
    if (reason === "io server disconnect") created.connect();
  });
  created.on("connect_error", () => setStatus(connectedBefore ? "reconnecting" : "connecting"));
  socket = created;
  return created;
}

function sendWatch(current: LiveSocket, target: WatchTarget, request: ReturnType<ResumePoints["request"]>) {
  current.emit("watch", request, (reply) => {
    if ("lastEventId" in reply) points.acknowledged(target, reply.lastEventId);
  });
}

/** Joins the rooms of `target` until the returned function is called. */
export function watch(target: WatchTarget): () => void {
  const current = liveSocket();
  if (points.add(target) && current.connected) sendWatch(current, target, points.request(target));
  return () => {
    if (points.remove(target) && current.connected) current.emit("unwatch", target);
  };
}

/** Every event the socket delivers, once a page has opened it (signed-out pages never do). */
export function onLiveEvent(listener: (event: MyzelEvent) => void): () => void {
  eventListeners.add(listener);
  return () => void eventListeners.delete(listener);
}

/** Called when events may have been missed: after a reconnect, or when the server lost its own subscription. */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => void reconnectListeners.delete(listener);
}

export function subscribeStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  liveSocket();
  return () => void statusListeners.delete(listener);
}

export const getStatus = (): LiveStatus => status;
export const getServerStatus = (): LiveStatus => "connecting";

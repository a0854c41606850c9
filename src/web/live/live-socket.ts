/**
 * The browser's one Socket.IO connection, shared by every component. It remembers what the
 * page watches so that a reconnect (server restart, network change) joins the same rooms again.
 */
import { io, type Socket } from "socket.io-client";
import type { ClientToServer, ServerToClient } from "@/infra/socket";
import type { MyzelEvent } from "@/schemas/events";

export type LiveStatus = "connecting" | "live" | "reconnecting";
export type WatchTarget = { all: true } | { clusterId: string };

type LiveSocket = Socket<ServerToClient, ClientToServer>;

let socket: LiveSocket | undefined;
let status: LiveStatus = "connecting";
const statusListeners = new Set<() => void>();
const reconnectListeners = new Set<() => void>();
const eventListeners = new Set<(event: MyzelEvent) => void>();
/** Watched rooms with how many components want each, keyed by JSON of the target. */
const watched = new Map<string, number>();

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
    for (const key of watched.keys()) created.emit("watch", JSON.parse(key) as WatchTarget);
    setStatus("live");
    // Events sent while we were away are lost: whoever shows data refetches it.
    if (connectedBefore) notifyReconnect();
    connectedBefore = true;
  });
  created.on("event", (event) => {
    for (const listener of eventListeners) listener(event);
  });
  // The server's own event subscription was down (Redis restarted): same as a reconnect.
  created.on("resync", notifyReconnect);
  created.on("disconnect", () => setStatus("reconnecting"));
  created.on("connect_error", () => setStatus(connectedBefore ? "reconnecting" : "connecting"));
  socket = created;
  return created;
}

/** Joins the rooms of `target` until the returned function is called. */
export function watch(target: WatchTarget): () => void {
  const key = JSON.stringify(target);
  const count = watched.get(key) ?? 0;
  watched.set(key, count + 1);
  const current = liveSocket();
  if (count === 0 && current.connected) current.emit("watch", target);
  return () => {
    const left = (watched.get(key) ?? 1) - 1;
    if (left > 0) return void watched.set(key, left);
    watched.delete(key);
    if (current.connected) current.emit("unwatch", target);
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

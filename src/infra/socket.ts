/**
 * Socket.IO on the server's HTTP server. Events arrive from Redis (so every server instance
 * forwards the same stream) and go to the rooms of the clusters they concern; a browser
 * joins the rooms of what it shows.
 *
 * With the Redis adapter, rooms and broadcasts span every server sharing the Redis: a
 * broadcast from one instance reaches browsers connected to any of them. The event stream is
 * the exception: each instance already receives every event from Redis, so it delivers them
 * to its own browsers only (`io.local`) — through the adapter each would arrive once per server.
 */
import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Server } from "socket.io";
import { ALL_CLUSTERS_ROOM, clusterRoom, roomsOf, type MyzelEvent } from "../schemas/events";
import type { EventStream } from "./events";
import type { Redis } from "./redis";

export interface ServerToClient {
  event: (event: MyzelEvent) => void;
  /** Events may have been lost (the server's Redis subscription was down): fetch what is shown again. */
  resync: () => void;
}
export interface ClientToServer {
  watch: (rooms: { clusterId?: string; all?: boolean }, ack?: () => void) => void;
  unwatch: (rooms: { clusterId?: string; all?: boolean }) => void;
}

export interface SocketServer {
  io: Server<ClientToServer, ServerToClient>;
  close(): Promise<void>;
}

/** `redis`: a connection to duplicate for the adapter's publisher and subscriber. */
export function attachSocketServer(http: HttpServer, stream: EventStream, redis: Redis): SocketServer {
  const pub = redis.duplicate({ connectionName: "myzel:socket-pub" });
  const sub = redis.duplicate({ connectionName: "myzel:socket-sub" });
  // A Redis restart is healed elsewhere; the adapter reconnects with ioredis.
  pub.on("error", () => {});
  sub.on("error", () => {});
  const io = new Server<ClientToServer, ServerToClient>(http, { path: "/socket.io", serveClient: false, adapter: createAdapter(pub, sub, { key: "myzel:socket.io" }) });
  io.on("connection", (socket) => {
    const rooms = (target: { clusterId?: string; all?: boolean }) => [
      ...(target?.all ? [ALL_CLUSTERS_ROOM] : []),
      ...(typeof target?.clusterId === "string" ? [clusterRoom(target.clusterId)] : []),
    ];
    socket.on("watch", (target, ack?: () => void) => {
      void socket.join(rooms(target));
      if (typeof ack === "function") ack();
    });
    socket.on("unwatch", (target) => rooms(target).forEach((room) => void socket.leave(room)));
  });
  stream.on((event) => io.local.to(roomsOf(event)).emit("event", event));
  stream.onResubscribed(() => io.local.emit("resync"));
  return {
    io,
    close: async () => {
      await io.close();
      pub.disconnect();
      sub.disconnect();
    },
  };
}

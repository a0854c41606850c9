/**
 * Socket.IO on the server's HTTP server. Events arrive from Redis (so every server instance
 * forwards the same stream) and go to the rooms of the clusters they concern; a browser
 * joins the rooms of what it shows.
 */
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { ALL_CLUSTERS_ROOM, clusterRoom, type MyzelEvent } from "../schemas/events";
import type { EventStream } from "./events";

export interface ServerToClient {
  event: (event: MyzelEvent) => void;
}
export interface ClientToServer {
  watch: (rooms: { clusterId?: string; all?: boolean }, ack?: () => void) => void;
  unwatch: (rooms: { clusterId?: string; all?: boolean }) => void;
}

export function attachSocketServer(http: HttpServer, stream: EventStream) {
  const io = new Server<ClientToServer, ServerToClient>(http, { path: "/socket.io", serveClient: false });
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
  stream.on((event) => io.to([ALL_CLUSTERS_ROOM, clusterRoom(event.clusterId)]).emit("event", event));
  return io;
}

/**
 * The live event stream as a browser sees it (Socket.IO, the "clusters" room): every
 * lifecycle transition and healing entry, kept for the checks.
 */
import { io, type Socket } from "socket.io-client";
import type { MyzelEvent, MyzelEventOf } from "../../src/schemas/events";
import type { Target } from "./api";

export class EventWatch {
  readonly transitions: Array<MyzelEventOf<"cluster.status"> & { seq: number }> = [];
  readonly healing: Array<MyzelEventOf<"healing">> = [];
  /** Times the connection dropped: events sent meanwhile are gone, so continuity restarts. */
  gaps = 0;
  private seq = 0;
  private socket?: Socket;

  async start(target: Target): Promise<void> {
    const socket = io(target.url, {
      path: "/socket.io",
      transports: ["websocket"],
      auth: { token: target.token },
      reconnection: true,
    });
    this.socket = socket;
    socket.on("event", (event: MyzelEvent) => {
      if (event.type === "cluster.status") this.transitions.push({ ...event, seq: this.seq++ });
      else if (event.type === "healing") this.healing.push(event);
    });
    socket.on("disconnect", () => this.gaps++);
    socket.on("connect", () => socket.emit("watch", { all: true }, () => {}));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    // The acknowledgement arrives once the server has joined the room.
    await new Promise<void>((resolve) => socket.emit("watch", { all: true }, resolve));
  }

  stop(): void {
    this.socket?.disconnect();
  }
}

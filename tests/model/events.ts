/**
 * The live event stream as an app sees it: the typed client's `events({ all: true })`, which
 * resumes by itself after a reconnect. Every lifecycle transition and healing entry is kept for
 * the checks, with every event id in the order received. Its connection runs through an HTTP
 * agent the model can cut, as a network failure would.
 */
import http from "node:http";
import type { Socket as NetSocket } from "node:net";
import { createMyzelClient, type LiveEvents } from "../../src/client";
import type { MyzelEventOf } from "../../src/schemas/events";
import type { Target } from "./api";

/** An HTTP agent that remembers its open connections, so they can be cut. */
class CuttableAgent extends http.Agent {
  readonly open = new Set<NetSocket>();
  connections = 0;
  override createConnection(...args: Parameters<http.Agent["createConnection"]>) {
    const socket = super.createConnection(...args) as NetSocket;
    this.connections++;
    this.open.add(socket);
    socket.once("close", () => this.open.delete(socket));
    return socket;
  }
}

export class EventWatch {
  readonly transitions: Array<MyzelEventOf<"cluster.status"> & { seq: number }> = [];
  readonly healing: Array<MyzelEventOf<"healing">> = [];
  /** Every event id, in the order received. */
  readonly ids: string[] = [];
  /** Times events were lost for good (a resync): continuity restarts there. */
  gaps = 0;
  /** Times the model cut the connection. */
  cuts = 0;
  private seq = 0;
  private stream?: LiveEvents;
  private readonly agent = new CuttableAgent();

  async start(target: Target): Promise<void> {
    const myzel = createMyzelClient({ url: target.url, token: target.token });
    const stream = myzel.events({ all: true }, { socketOptions: { agent: this.agent as never } });
    this.stream = stream;
    void (async () => {
      for await (const message of stream) {
        if (message.type === "resync") {
          this.gaps++;
          continue;
        }
        this.ids.push(message.eventId);
        if (message.type === "cluster.status") this.transitions.push({ ...message, seq: this.seq++ });
        else if (message.type === "healing") this.healing.push(message);
      }
      // An ended stream shows in the checks: the transitions stop arriving.
    })().catch(() => {});
    // Watching once the server told where the stream is (bounded: a start-up, not a timing claim).
    const deadline = Date.now() + 15_000;
    while (!stream.lastEventId && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /** Cuts the connection under the client and waits (bounded) until it has connected again. */
  async cut(): Promise<void> {
    const before = this.agent.connections;
    for (const socket of this.agent.open) socket.destroy();
    this.cuts++;
    const deadline = Date.now() + 15_000;
    while (this.agent.connections === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  stop(): void {
    this.stream?.close();
    this.agent.destroy();
  }
}

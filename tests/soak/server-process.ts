/**
 * The soak's Myzel in a process of its own (started by soak.ts with `--expose-gc`), so that its
 * memory is measured apart from the driver's, whose ledger and event log grow with the run.
 * Talks over IPC: it announces where it listens, and answers "measure" with its figures after a
 * full collection and "snapshot" with a heap snapshot written to the given path.
 */
import { getHeapStatistics, writeHeapSnapshot } from "node:v8";
import { createToken } from "../../src/services/api-tokens";
import { startLocalMyzel } from "../support/local-myzel";

export interface ServerFigures {
  /** Resident set of the server process (embedded PostgreSQL and Redis are processes of their own). */
  rss: number;
  /** Live JavaScript heap after a full collection: what the server's structures hold. */
  heapUsed: number;
  heapTotal: number;
  /** Memory outside the JS heap held by JS objects (buffers, sockets). */
  external: number;
  nativeContexts: number;
  /** What the server's long-lived structures hold: each must follow what exists, not what ever existed. */
  held: { routedClusters: number; agentsWithLoad: number; agentQueues: number; runnerAgents: number; waiting: number };
}

export type ToServer = { type: "measure" } | { type: "snapshot"; path: string } | { type: "stop" };
export type FromServer =
  | { type: "ready"; url: string; token: string; databaseUrl: string; redisUrl: string }
  | { type: "measured"; figures: ServerFigures }
  | { type: "snapshotted"; path: string }
  | { type: "stopped" };

const send = (message: FromServer) => process.send!(message);

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("start the soak server with --expose-gc");
  // Twice: weak callbacks and finalizers of the first pass free more in the second.
  gc();
  gc();
}

const env = JSON.parse(process.argv[2] ?? "{}") as Record<string, string>;
const myzel = await startLocalMyzel("soak", env);
const { token } = await createToken(myzel.server.deps.db, { name: "soak model", role: "ADMIN" }, null);

process.on("message", (message: ToServer) => {
  if (message.type === "measure") {
    collect();
    const usage = process.memoryUsage();
    const { dispatcher, queues, waiters } = myzel.server.deps;
    const held = {
      routedClusters: dispatcher.held.clusters,
      agentsWithLoad: dispatcher.held.agentsWithLoad,
      agentQueues: queues.size,
      runnerAgents: myzel.server.runner?.held ?? 0,
      waiting: waiters.size,
    };
    const figures = {
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      heapTotal: usage.heapTotal,
      external: usage.external,
      nativeContexts: getHeapStatistics().number_of_native_contexts,
      held,
    };
    send({ type: "measured", figures });
  } else if (message.type === "snapshot") {
    collect();
    send({ type: "snapshotted", path: writeHeapSnapshot(message.path) });
  } else if (message.type === "stop") {
    void myzel.stop().finally(() => {
      send({ type: "stopped" });
      process.exit(0);
    });
  }
});
// The soak died without saying stop: take everything down rather than outlive it.
process.on("disconnect", () => void myzel.stop().finally(() => process.exit(1)));
const { server } = myzel;
send({
  type: "ready",
  url: server.url,
  token,
  databaseUrl: server.infrastructure.databaseUrl,
  redisUrl: server.infrastructure.redisUrl,
});

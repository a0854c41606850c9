/**
 * Myzel's typed bus: Redis pub/sub where every channel has one contract (schemas/bus.ts).
 * Messages are checked on the way out (a bad one throws at its publisher: a programming error)
 * and on the way in (a malformed one is logged and dropped; it never reaches a handler, and a
 * handler's error never reaches the connection). A subscribed connection can do nothing else, so
 * a process builds one bus and hands it to every part that listens: one subscriber connection,
 * opened on the first subscription.
 */
import type { z } from "zod";
import { agentControlWire, nodeSyncWire, reconcileWire } from "../schemas/bus";
import { keys } from "./keys";
import type { Redis } from "./redis";

/** A channel's name (from infra/keys.ts, unchanged across versions) and the codec of its messages. */
export interface Channel<M> {
  readonly name: string;
  readonly wire: z.ZodType<M, string>;
}

const channel = <M>(name: string, wire: z.ZodType<M, string>): Channel<M> => ({ name, wire });

export const channels = {
  /** Asks the control plane (on whichever server leads) to reconcile now. */
  reconcile: channel(keys.reconcile, reconcileWire),
  /** Tells one runner to look at its assignments now. */
  nodeSync: (nodeId: string) => channel(keys.nodeSync(nodeId), nodeSyncWire),
  /** Tells one agent process to cancel a task. */
  agentControl: (agentId: string) => channel(keys.agentControl(agentId), agentControlWire),
};

export interface BusPublisher {
  publish<M>(channel: Channel<M>, message: M): Promise<void>;
}

export type BusHandler<M> = (message: M) => void | Promise<void>;

export interface Bus extends BusPublisher {
  /** Resolves once Redis confirmed the subscription; the returned function ends it. */
  subscribe<M>(channel: Channel<M>, handler: BusHandler<M>): Promise<() => Promise<void>>;
  /** The subscriptions were lost and are back (Redis restarted, say): messages published meanwhile are gone. */
  onResubscribed(listener: () => void): void;
  close(): void;
}

export interface BusLog {
  warn(details: object, message: string): void;
}

/** Publishing only: goes over any command connection, and needs no subscriber. */
export function busPublisher(redis: Redis): BusPublisher {
  return {
    async publish(channel, message) {
      await redis.publish(channel.name, channel.wire.encode(message));
    },
  };
}

interface Subscription {
  wire: z.ZodType<unknown, string>;
  handlers: Set<BusHandler<unknown>>;
}

/** A bus publishing over `redis`, listening on one duplicate of it. */
export function createBus(redis: Redis, log: BusLog, name = "bus"): Bus {
  const subscriptions = new Map<string, Subscription>();
  const resubscribed: Array<() => void> = [];
  let subscriber: Redis | undefined;

  const deliver = (name: string, raw: string) => {
    const subscription = subscriptions.get(name);
    if (!subscription) return;
    const decoded = subscription.wire.safeDecode(raw);
    if (!decoded.success) {
      log.warn(
        { channel: name, raw: raw.slice(0, 200), issues: decoded.error.issues.map((i) => i.message) },
        "ignored a malformed message on the bus",
      );
      return;
    }
    for (const handler of subscription.handlers) {
      try {
        Promise.resolve(handler(decoded.data)).catch((error: unknown) => handlerFailed(name, error));
      } catch (error) {
        handlerFailed(name, error);
      }
    }
  };
  const handlerFailed = (name: string, error: unknown) =>
    log.warn({ channel: name, err: error instanceof Error ? error.message : String(error) }, "a bus handler failed");

  const connection = (): Redis => {
    if (subscriber) return subscriber;
    const conn = redis.duplicate({ connectionName: `myzel:${name}` });
    conn.on("error", (error: Error) => log.warn({ err: error.message }, "bus subscriber error"));
    conn.on("message", deliver);
    let connectedBefore = false;
    // ioredis subscribes again by itself on reconnecting; waiting for our own subscribe to be
    // answered tells when messages flow again.
    conn.on("ready", () => {
      const names = [...subscriptions.keys()];
      if (!connectedBefore || !names.length) {
        connectedBefore = true;
        return;
      }
      conn.subscribe(...names).then(
        () => {
          for (const listener of resubscribed) listener();
        },
        () => {},
      );
    });
    subscriber = conn;
    return conn;
  };

  return {
    ...busPublisher(redis),
    async subscribe<M>(channel: Channel<M>, handler: BusHandler<M>) {
      let subscription = subscriptions.get(channel.name);
      const first = !subscription;
      if (!subscription) {
        subscription = { wire: channel.wire, handlers: new Set() };
        subscriptions.set(channel.name, subscription);
      }
      const own = subscription;
      const listener = handler as BusHandler<unknown>;
      own.handlers.add(listener);
      if (first) await connection().subscribe(channel.name);
      return async () => {
        own.handlers.delete(listener);
        if (own.handlers.size || subscriptions.get(channel.name) !== own) return;
        subscriptions.delete(channel.name);
        await subscriber?.unsubscribe(channel.name).catch(() => {});
      };
    },
    onResubscribed: (listener) => void resubscribed.push(listener),
    close: () => {
      subscriptions.clear();
      subscriber?.disconnect();
    },
  };
}

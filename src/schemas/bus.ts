/**
 * The contracts of Myzel's Redis pub/sub channels: one message schema per channel, and the codec
 * that carries it over the wire. The wire formats are the ones earlier versions spoke, so servers,
 * runners and agents of mixed versions still understand each other: a node-sync nudge is
 * "reconcile" or "reset:<ids>", a reconcile nudge is its bare reason, the rest is JSON.
 */
import { z } from "zod";
import { myzelEvent } from "./events";

/** A schema carried as JSON text; text that is no JSON is an issue like any other. */
function jsonWire<T extends z.ZodType>(schema: T) {
  return z.codec(z.string(), schema, {
    decode: (raw, ctx) => {
      try {
        return JSON.parse(raw);
      } catch (error) {
        ctx.issues.push({ code: "invalid_format", format: "json", input: raw, message: (error as Error).message });
        return z.NEVER;
      }
    },
    encode: (value) => JSON.stringify(value),
  });
}

/** An entry of the event stream (see schemas/events.ts and infra/events.ts). */
export const eventsWire = jsonWire(myzelEvent);

/** Why the control plane is asked to reconcile now; a runner nudging it names its node. */
export const RECONCILE_REASONS = ["api", "rerouted", "redis-restored"] as const;
export const reconcileRequest = z.discriminatedUnion("reason", [
  z.object({ reason: z.enum(RECONCILE_REASONS) }),
  z.object({ reason: z.literal("node"), nodeId: z.string().min(1) }),
]);
export type ReconcileRequest = z.infer<typeof reconcileRequest>;

const isReason = (raw: string): raw is (typeof RECONCILE_REASONS)[number] =>
  (RECONCILE_REASONS as readonly string[]).includes(raw);
export const reconcileWire = z.codec(z.string().min(1), reconcileRequest, {
  decode: (raw): ReconcileRequest => (isReason(raw) ? { reason: raw } : { reason: "node", nodeId: raw }),
  encode: (request) => (request.reason === "node" ? request.nodeId : request.reason),
});

/** Tells a runner to look at its assignments now; `reset` first forgets these agents' failures (a person asked to heal them). */
export const nodeSyncMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("reconcile") }),
  z.object({ type: z.literal("reset"), agentIds: z.array(z.string().min(1)).min(1) }),
]);
export type NodeSyncMessage = z.infer<typeof nodeSyncMessage>;

const RESET_PREFIX = "reset:";
export const nodeSyncWire = z.codec(z.string(), nodeSyncMessage, {
  decode: (raw, ctx) => {
    if (raw === "reconcile") return { type: "reconcile" as const };
    if (raw.startsWith(RESET_PREFIX))
      return { type: "reset" as const, agentIds: raw.slice(RESET_PREFIX.length).split(",") };
    ctx.issues.push({ code: "custom", input: raw, message: 'expected "reconcile" or "reset:<ids>"' });
    return z.NEVER;
  },
  encode: (message) => (message.type === "reset" ? `${RESET_PREFIX}${message.agentIds.join(",")}` : "reconcile"),
});

/** Tells an agent process to abort a task it runs. */
export const agentControlMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("cancel"), taskId: z.string().min(1) }),
  /** Close a live tool session (ended by a user); its next prompt starts a new one. */
  z.object({ type: z.literal("end_session"), sessionKey: z.string().min(1) }),
]);
export type AgentControlMessage = z.infer<typeof agentControlMessage>;
export const agentControlWire = jsonWire(agentControlMessage);

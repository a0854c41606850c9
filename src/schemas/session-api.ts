/** Contracts of the sessions API: a cluster's sessions, one session, its history, ending it. */
import { z } from "zod";
import { liveSessionSchema } from "./agent-protocol";
import { uuid } from "./common";

export const sessionKey = z
  .string()
  .min(1, { error: "a session key is 1 to 200 characters" })
  .max(200, { error: "a session key is 1 to 200 characters" });

export const sessionInput = z.strictObject({ id: uuid, key: sessionKey });

export const sessionHistoryInput = z.strictObject({
  id: uuid,
  key: sessionKey,
  limit: z.int().min(1).max(1000).default(200).describe("The newest messages returned, oldest first (default 200)."),
});

export const liveSessionDto = liveSessionSchema
  .omit({ startedAt: true, lastUsedAt: true })
  .extend({
    agentId: z.string(),
    agentKey: z.string(),
    startedAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime(),
  })
  .describe("The session on one agent, as its last heartbeat reported it.");

export const sessionSchema = z
  .strictObject({
    key: z.string(),
    /** Turns recorded in the transcript or conversation. */
    turns: z.number().int().min(0),
    firstAt: z.iso.datetime().nullable(),
    lastAt: z.iso.datetime().nullable(),
    /** Where it lives now: a session-mode tool process on an agent; empty for an llm conversation or a tool that is gone. */
    live: z.array(liveSessionDto),
  })
  .describe("A session: a key of this cluster with a transcript or conversation, a live tool process, or both.");
export type SessionDto = z.infer<typeof sessionSchema>;

export const sessionMessageDto = z.strictObject({
  id: z.string(),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  taskId: z.string().nullable(),
  agentId: z.string().nullable(),
  /** The role that answered (one key used with two roles keeps two pasts). */
  agentRole: z.string(),
  createdAt: z.iso.datetime(),
});

export const sessionHistorySchema = z.strictObject({
  key: z.string(),
  messages: z.array(sessionMessageDto),
});

export const sessionEndSchema = z.strictObject({
  key: z.string(),
  messagesDeleted: z.number().int().min(0),
  /** Running agents told to close the session's tool process. */
  agentsTold: z.number().int().min(0),
});

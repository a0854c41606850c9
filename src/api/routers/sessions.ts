import { z } from "zod";
import { idInput } from "../../schemas/common";
import {
  sessionEndSchema,
  sessionHistoryInput,
  sessionHistorySchema,
  sessionInput,
  sessionSchema,
} from "../../schemas/session-api";
import { endSession, getSession, getSessionHistory, listSessions } from "../../services/sessions";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

export const sessionsRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/sessions",
        tags: ["sessions"],
        summary: "A cluster's sessions",
        description:
          "Every session key of the cluster with a transcript or conversation (turns recorded) or a live tool process (per agent: pid, idle/busy/lost, turns, and why its state was lost), most recently used first.",
      },
    })
    .input(idInput)
    .output(z.array(sessionSchema))
    .query(({ ctx, input }) => listSessions(ctx, input.id)),

  get: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/sessions/{key}",
        tags: ["sessions"],
        summary: "One session",
        description: "Turns recorded and where the session's tool runs now.",
        errorResponses: { 404: "The cluster or the session does not exist." },
      },
    })
    .input(sessionInput)
    .output(sessionSchema)
    .query(({ ctx, input }) => getSession(ctx, input)),

  history: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/sessions/{key}/history",
        tags: ["sessions"],
        summary: "A session's transcript or conversation",
        description:
          "The session's prompts (user) and answers (assistant), oldest first: the newest `limit` messages. Empty for a key without history.",
        errorResponses: { 404: "The cluster does not exist." },
      },
    })
    .input(sessionHistoryInput)
    .output(sessionHistorySchema)
    .query(({ ctx, input }) => getSessionHistory(ctx, input)),

  end: operatorProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/api/clusters/{id}/sessions/{key}",
        tags: ["sessions"],
        summary: "End a session and delete its history",
        description:
          "Deletes the session's stored messages and closes its tool process on every agent. The key's next prompt starts a new session (a new conversation for an llm role).",
        errorResponses: { 404: "The cluster does not exist." },
      },
    })
    .input(sessionInput)
    .output(sessionEndSchema)
    .mutation(({ ctx, input }) => endSession(ctx, input)),
});

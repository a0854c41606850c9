import { z } from "zod";
import { noInput } from "../../schemas/common";
import { nodeActionSchema, nodeIdInput, nodeSchema, rebalanceSchema } from "../../schemas/node-api";
import { cordonNode, drainNode, rebalanceNodes, removeNode, uncordonNode } from "../../services/node-actions";
import { getNode, listNodes } from "../../services/nodes";
import { adminProcedure, operatorProcedure, router, viewerProcedure } from "../trpc";

const tags = ["nodes"];
const unknownNode = { 404: "No node with this id." };

export const nodesRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/nodes",
        tags,
        summary: "The runner nodes: state, labels, capacity, agents by cluster, load, failovers",
        description:
          "Every live node and every lost one not yet removed: address, labels (its runner's MYZEL_NODE_LABELS), capacity, agents by cluster, CPU and memory, last heartbeat, state (ready, cordoned, draining, lost), and how often and how long it failed over.",
      },
    })
    .input(noInput)
    .output(z.array(nodeSchema))
    .query(({ ctx }) => listNodes(ctx)),

  get: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/nodes/{id}",
        tags,
        summary: "One node",
        description:
          "The node as the list shows it: state, labels, capacity, agents by cluster, load, heartbeat and failovers.",
        errorResponses: unknownNode,
      },
    })
    .input(nodeIdInput)
    .output(nodeSchema)
    .query(({ ctx, input }) => getNode(ctx, input.id)),

  cordon: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/nodes/{id}/cordon",
        tags,
        summary: "Place no new agents on a node",
        description: "The node keeps what it runs; new agents, woken ones and restarts go to other nodes. Idempotent.",
        errorResponses: unknownNode,
      },
    })
    .input(nodeIdInput)
    .output(nodeActionSchema)
    .mutation(({ ctx, input }) => cordonNode(ctx, input.id)),

  uncordon: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/nodes/{id}/uncordon",
        tags,
        summary: "Let a node take new agents again (ends a drain)",
        description: "Ends a cordon, and a drain in progress: agents that have not moved yet stay. Idempotent.",
        errorResponses: unknownNode,
      },
    })
    .input(nodeIdInput)
    .output(nodeActionSchema)
    .mutation(({ ctx, input }) => uncordonNode(ctx, input.id, ctx.actor.name)),

  drain: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/nodes/{id}/drain",
        tags,
        summary: "Move every agent off a node before maintenance",
        description:
          "Cordons the node, then each agent finishes the task it holds, stops, and starts on another node (placement rules apply; one that fits nowhere waits with the reason). When the node is empty the drain ends, in the healing history with its duration, and the node can be stopped and removed. Asking again changes nothing.",
        errorResponses: { ...unknownNode, 409: "The node is lost: its agents have already moved." },
      },
    })
    .input(nodeIdInput)
    .output(nodeActionSchema)
    .mutation(({ ctx, input }) => drainNode(ctx, input.id, ctx.actor.name)),

  rebalance: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/nodes/rebalance",
        tags,
        summary: "Move agents off crowded nodes onto emptier ones",
        description:
          "Agents above a node's fair share (by capacity) finish their work and start on nodes below theirs, as far as placement rules allow. Recorded in the healing history.",
      },
    })
    .input(noInput)
    .output(rebalanceSchema)
    .mutation(({ ctx }) => rebalanceNodes(ctx, ctx.actor.name)),

  remove: adminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/api/nodes/{id}",
        tags,
        summary: "Forget a node that is gone",
        description:
          "Removes a lost or stopped node from the list and answers it as it was. A node that still beats is drained and its runner stopped first.",
        errorResponses: { ...unknownNode, 409: "The node still sends heartbeats." },
      },
    })
    .input(nodeIdInput)
    .output(nodeSchema)
    .mutation(({ ctx, input }) => removeNode(ctx, input.id)),
});

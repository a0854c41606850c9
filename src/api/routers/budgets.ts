/** Spending budgets per cluster or global, per day or month: operators set, raise, remove and resume them. */
import {
  budgetKeyInput,
  budgetListInput,
  budgetListSchema,
  budgetPutInput,
  budgetSchema,
} from "../../schemas/budget-api";
import { deleteBudget, listBudgets, putBudget, resumeBudget } from "../../services/budgets";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

const tags = ["providers"];
const path = "/api/budgets/{scope}/{period}";
const notFound = { 404: "No such budget (or no such cluster)." };

export const budgetsRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/budgets",
        tags,
        summary: "Budgets with what was spent in their current period and their state",
        description:
          "Every budget (or, with clusterId, the cluster's and the global ones) with what was spent this UTC day or month, whether the soft limit is reached and whether the hard limit holds provider calls; with clusterId also whether that cluster is held now, and why.",
      },
    })
    .input(budgetListInput)
    .output(budgetListSchema)
    .query(({ ctx, input }) => listBudgets(ctx, input)),

  put: operatorProcedure
    .meta({
      openapi: {
        method: "PUT",
        path,
        tags,
        summary: "Set or raise a budget",
        description:
          "Sets a cluster's (or the global) budget for a UTC day or month. At the soft limit a notice is given; at the hard limit (less one task like the costliest of the period) the cluster's provider calls are held and its tasks wait. Raising the limit releases them at once.",
        errorResponses: notFound,
      },
    })
    .input(budgetPutInput)
    .output(budgetSchema)
    .mutation(({ ctx, input }) => putBudget(ctx, input)),

  delete: operatorProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path,
        tags,
        summary: "Remove a budget (what it held goes on)",
        description: "Removes a budget; tasks it held go on at once.",
        errorResponses: notFound,
      },
    })
    .input(budgetKeyInput)
    .output(budgetSchema)
    .mutation(({ ctx, input }) => deleteBudget(ctx, input.scope, input.period)),

  resume: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: `${path}/resume`,
        tags,
        summary: "Resume what a spent budget holds, until its period ends",
        description:
          "Releases the tasks a spent budget holds and lets spending go on until the end of the current day or month; the next period counts afresh.",
        errorResponses: notFound,
      },
    })
    .input(budgetKeyInput)
    .output(budgetSchema)
    .mutation(({ ctx, input }) => resumeBudget(ctx, input.scope, input.period)),
});

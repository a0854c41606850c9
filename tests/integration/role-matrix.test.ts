/**
 * Every procedure of the router against every role: anonymous, viewer, operator, admin.
 * The list of procedures comes from the router itself, so a new procedure without a rule
 * here fails this test. Each call sends an input no procedure accepts: a caller the rule
 * lets through gets 400 (the input), one it stops gets 401 or 403 before the input is read,
 * so nothing is changed by the test.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../../src/api/root";
import type { Role } from "../../src/schemas/auth-api";
import { baseUrl, tokenFor } from "./helpers";

/** "agent": only an agent's memory credential passes; every user and token is refused. */
type Rule = "public" | "agent" | Role;

const EXPECTED: Record<string, Rule> = {
  "blueprints.list": "VIEWER",
  "blueprints.get": "VIEWER",
  "blueprints.manifest": "VIEWER",
  "blueprints.validate": "VIEWER",
  "blueprints.upload": "ADMIN",
  "blueprints.archive": "ADMIN",
  "blueprints.unarchive": "ADMIN",
  "blueprints.delete": "ADMIN",
  "clusters.list": "VIEWER",
  "clusters.get": "VIEWER",
  "clusters.manifest": "VIEWER",
  "clusters.wait": "VIEWER",
  "clusters.create": "OPERATOR",
  "clusters.update": "OPERATOR",
  "clusters.scale": "OPERATOR",
  "clusters.hibernate": "OPERATOR",
  "clusters.reactivate": "OPERATOR",
  "clusters.delete": "ADMIN",
  "clusters.scalingDecisions": "VIEWER",
  "agents.list": "VIEWER",
  "agents.metrics": "VIEWER",
  "agents.metricsHistory": "VIEWER",
  "agents.add": "OPERATOR",
  "agents.output": "VIEWER",
  "agents.restart": "OPERATOR",
  "agents.remove": "OPERATOR",
  "hierarchy.get": "VIEWER",
  "sessions.list": "VIEWER",
  "sessions.get": "VIEWER",
  "sessions.history": "VIEWER",
  "sessions.end": "OPERATOR",
  "tasks.get": "VIEWER",
  "tasks.list": "VIEWER",
  "tasks.trace": "VIEWER",
  "tasks.counts": "VIEWER",
  "tasks.wait": "VIEWER",
  "tasks.submit": "OPERATOR",
  "tasks.submitMany": "OPERATOR",
  "tasks.cancel": "OPERATOR",
  "approvals.list": "VIEWER",
  "approvals.approve": "OPERATOR",
  "approvals.reject": "OPERATOR",
  "deadLetters.list": "VIEWER",
  "deadLetters.replay": "OPERATOR",
  "healing.history": "VIEWER",
  "healing.heal": "OPERATOR",
  "healing.kinds": "VIEWER",
  "system.health": "VIEWER",
  "system.overview": "VIEWER",
  "drills.start": "ADMIN",
  "drills.get": "VIEWER",
  "costs.summary": "VIEWER",
  "budgets.list": "VIEWER",
  "budgets.put": "OPERATOR",
  "budgets.delete": "OPERATOR",
  "budgets.resume": "OPERATOR",
  "schedules.list": "VIEWER",
  "schedules.get": "VIEWER",
  "schedules.create": "OPERATOR",
  "schedules.update": "OPERATOR",
  "schedules.delete": "OPERATOR",
  "schedules.runs": "VIEWER",
  "providers.list": "VIEWER",
  "providers.get": "VIEWER",
  "providers.put": "ADMIN",
  "providers.delete": "ADMIN",
  "providers.prices": "VIEWER",
  "providers.putPrice": "ADMIN",
  "providers.deletePrice": "ADMIN",
  "alertWebhooks.list": "ADMIN",
  "alertWebhooks.create": "ADMIN",
  "alertWebhooks.delete": "ADMIN",
  "alertWebhooks.test": "ADMIN",
  "alertWebhooks.deliveries": "ADMIN",
  "session.me": "VIEWER",
  "setup.status": "public",
  "setup.createAdmin": "public",
  "users.list": "ADMIN",
  "users.create": "ADMIN",
  "users.setRole": "ADMIN",
  "users.setDisabled": "ADMIN",
  "users.delete": "ADMIN",
  "tokens.list": "ADMIN",
  "tokens.create": "ADMIN",
  "tokens.revoke": "ADMIN",
  "audit.list": "ADMIN",
  "producers.list": "ADMIN",
  "producers.create": "ADMIN",
  "producers.revoke": "ADMIN",
  "compat.status": "VIEWER",
  "compat.submit": "OPERATOR",
  "compat.task": "VIEWER",
  "compat.liveAgents": "VIEWER",
  "compat.heal": "OPERATOR",
  "compat.healingHistory": "VIEWER",
  "compat.metrics": "VIEWER",
  "nodes.list": "VIEWER",
  "nodes.get": "VIEWER",
  "nodes.cordon": "OPERATOR",
  "nodes.uncordon": "OPERATOR",
  "nodes.drain": "OPERATOR",
  "nodes.rebalance": "OPERATOR",
  "nodes.remove": "ADMIN",
  "backups.create": "ADMIN",
  "backups.list": "ADMIN",
  "backups.settings": "ADMIN",
  "backups.get": "ADMIN",
  "backups.verify": "ADMIN",
  "clusterHistory.list": "VIEWER",
  "clusterHistory.rollback": "OPERATOR",
  "planner.status": "VIEWER",
  "planner.propose": "ADMIN",
  "planner.calls": "ADMIN",
  "memory.namespaces": "VIEWER",
  "memory.namespace": "VIEWER",
  "memory.createNamespace": "OPERATOR",
  "memory.deleteNamespace": "ADMIN",
  "memory.values": "VIEWER",
  "memory.getValue": "VIEWER",
  "memory.putValue": "OPERATOR",
  "memory.deleteValue": "OPERATOR",
  "memory.documents": "VIEWER",
  "memory.getDocument": "VIEWER",
  "memory.createDocument": "OPERATOR",
  "memory.deleteDocument": "OPERATOR",
  "memory.search": "VIEWER",
  "memory.export": "VIEWER",
  "memory.import": "OPERATOR",
  "agentMemory.grants": "agent",
  "agentMemory.getValue": "agent",
  "agentMemory.putValue": "agent",
  "agentMemory.deleteValue": "agent",
  "agentMemory.createDocument": "agent",
  "agentMemory.search": "agent",
};

// At run time the router keeps its procedures flat, keyed by their dotted path.
type FlatProcedures = Record<string, { _def: { type: "query" | "mutation" | "subscription" } }>;
const procedures = Object.entries(appRouter._def.procedures as unknown as FlatProcedures).map(([path, procedure]) => ({
  path,
  type: procedure._def.type,
}));

const CALLERS = ["anonymous", "VIEWER", "OPERATOR", "ADMIN"] as const;
type Caller = (typeof CALLERS)[number];

/** What a caller should get from a procedure with this rule, given an input that is always wrong. */
function expectedStatus(rule: Rule, caller: Caller): number {
  if (rule === "public") return 400;
  if (caller === "anonymous") return 401;
  if (rule === "agent") return 403;
  const order: Role[] = ["VIEWER", "OPERATOR", "ADMIN"];
  return order.indexOf(caller) >= order.indexOf(rule) ? 400 : 403;
}

async function call(path: string, type: string, token: string | undefined): Promise<number> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const wrongInput = JSON.stringify("not an object");
  const response =
    type === "query"
      ? await fetch(`${baseUrl()}/api/trpc/${path}?input=${encodeURIComponent(wrongInput)}`, { headers })
      : await fetch(`${baseUrl()}/api/trpc/${path}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: wrongInput,
        });
  await response.body?.cancel();
  return response.status;
}

const tokens: Partial<Record<Caller, string>> = {};
beforeAll(async () => {
  for (const role of ["VIEWER", "OPERATOR", "ADMIN"] as const) tokens[role] = await tokenFor(role);
});

describe("role matrix", () => {
  it("has a rule for every procedure of the router, and none for procedures that are gone", () => {
    expect(procedures.map((p) => p.path).filter((path) => !(path in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((path) => !procedures.some((p) => p.path === path))).toEqual([]);
    expect(procedures.filter((p) => p.type === "subscription")).toEqual([]);
  });

  for (const caller of CALLERS) {
    it(`lets ${caller === "anonymous" ? "an anonymous caller" : `the ${caller} token`} call exactly what its role allows`, async () => {
      const actual: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const { path, type } of procedures) {
        actual[path] = await call(path, type, tokens[caller]);
        expected[path] = expectedStatus(EXPECTED[path]!, caller);
      }
      expect(actual).toEqual(expected);
    });
  }
});

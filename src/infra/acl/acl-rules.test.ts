import { describe, expect, it } from "vitest";
import { agentAclRules, agentIdOfUser, agentUserName, producerAclRules, producerUserName } from "./acl-rules";

const rules = agentAclRules({ agentId: "a1", clusterId: "c1" });
const keyPatterns = (list: string[]) => list.filter((r) => r.startsWith("~") || r.startsWith("%"));

describe("an agent's Redis rules", () => {
  it("reach its own queue, its cluster's control queue, its heartbeat and its control channel", () => {
    expect(keyPatterns(rules)).toEqual(["~myzel:agent.a1:*", "~myzel:control.c1:*", "~myzel:agent:a1:heartbeat"]);
    expect(rules.filter((r) => r.startsWith("&"))).toEqual(["&myzel:agent:a1:control"]);
  });

  it("grant one command each on the results stream, the result cache (read-only) and the subtask lists", () => {
    expect(rules.filter((r) => r.startsWith("("))).toEqual([
      "(~myzel:results +xadd)",
      "(%R~myzel:task:*:result +get +mget)",
      "(~myzel:task:*:subtasks-done +blpop)",
    ]);
  });

  it("grant no pattern beyond them, no category, and no command that manages, floods or publishes", () => {
    expect(rules.some((r) => r === "~*" || r === "&*" || r.includes("allkeys") || r.includes("allchannels"))).toBe(
      false,
    );
    expect(rules.filter((r) => r.startsWith("+@"))).toEqual([]);
    for (const command of [
      "acl",
      "config",
      "flushall",
      "flushdb",
      "keys",
      "scan",
      "publish",
      "debug",
      "shutdown",
      "monitor",
    ])
      expect(rules, command).not.toContain(`+${command}`);
  });

  it("differ only in the agent's and cluster's ids", () => {
    const other = agentAclRules({ agentId: "a2", clusterId: "c2" });
    expect(other.join(" ")).toBe(rules.join(" ").replaceAll("a1", "a2").replaceAll("c1", "c2"));
  });
});

describe("an agent whose role names a provider", () => {
  const withProvider = agentAclRules({ agentId: "a1", clusterId: "c1", provider: "openai-main" });
  const added = withProvider.filter((r) => !rules.includes(r));
  it("gets a selector for its provider's limiter: the state to update, the limits and its cluster's budget hold to read", () => {
    expect(added).toHaveLength(2);
    const selector = added[0]!;
    expect(selector.match(/[%~][^ )]+/g)).toEqual([
      "~myzel:provider:openai-main:state",
      "~myzel:provider:openai-main:slots",
      "~myzel:provider:openai-main:waiting",
      "%R~myzel:provider:openai-main:limits",
      "%R~myzel:cluster:c1:budget-hold",
    ]);
    expect(selector).not.toContain("@");
    expect(selector).not.toContain("+del");
    expect(selector).not.toContain("+publish");
  });

  it("and one for the budgets it spends from: its cluster's and the global ones, the limits and prices only to read", () => {
    const selector = added[1]!;
    expect(selector.match(/[%~][^ )]+/g)).toEqual([
      "~myzel:budget:c1:*:spent",
      "~myzel:budget:c1:*:in-flight",
      "~myzel:budget:global:*:spent",
      "~myzel:budget:global:*:in-flight",
      "%R~myzel:cluster:c1:budget-limits",
      "%R~myzel:model-prices",
    ]);
    expect(selector).not.toContain("@");
    expect(selector).not.toContain("+del ");
    expect(selector).not.toContain("+set ");
  });
});

describe("a producer's Redis rules", () => {
  it("reach the control queues of its clusters and nothing else", () => {
    const producer = producerAclRules(["c1", "c2"]);
    expect(keyPatterns(producer)).toEqual(["~myzel:control.c1:*", "~myzel:control.c2:*"]);
    expect(producer.filter((r) => r.startsWith("&") || r.startsWith("("))).toEqual([]);
  });
});

describe("user names", () => {
  it("tell agents' users apart from any other", () => {
    expect(agentIdOfUser(agentUserName("a1"))).toBe("a1");
    expect(agentIdOfUser(producerUserName("p1"))).toBeUndefined();
    expect(agentIdOfUser("default")).toBeUndefined();
  });
});

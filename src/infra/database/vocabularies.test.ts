/** Each list the code defines once in domain/ or schemas/ holds the same words as its database enum. */
import { describe, expect, it } from "vitest";
import { AGENT_STATUSES } from "../../domain/cluster/agent-states";
import { CLUSTER_STATUSES } from "../../domain/cluster/lifecycle";
import {
  HEALING_KINDS,
  HEALING_OUTCOMES,
  HEALING_RESPONSES,
  HEALING_SEVERITIES,
} from "../../domain/healing/vocabulary";
import { TASK_STATES } from "../../domain/tasks/task-states";
import * as enums from "../../generated/prisma/enums";
import { ROLES } from "../../schemas/auth-api";
import { AGENT_TIERS, CLUSTER_TYPES } from "../../schemas/blueprint";

const pairs: Array<[string, readonly string[], Record<string, string>]> = [
  ["ClusterStatus", CLUSTER_STATUSES, enums.ClusterStatus],
  ["ClusterType", CLUSTER_TYPES, enums.ClusterType],
  ["AgentTier", AGENT_TIERS, enums.AgentTier],
  ["AgentStatus", AGENT_STATUSES, enums.AgentStatus],
  ["TaskStatus", TASK_STATES, enums.TaskStatus],
  ["Role", ROLES, enums.Role],
  ["HealingKind", HEALING_KINDS, enums.HealingKind],
  ["HealingSeverity", HEALING_SEVERITIES, enums.HealingSeverity],
  ["HealingOutcome", HEALING_OUTCOMES, enums.HealingOutcome],
  ["HealingResponse", HEALING_RESPONSES, enums.HealingResponse],
];

describe("vocabularies and the database's enums", () => {
  it.each(pairs)("%s holds the same words", (_name, list, prismaEnum) => {
    expect([...list].sort()).toEqual(Object.values(prismaEnum).sort());
  });
});

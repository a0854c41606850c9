/** Contracts of a cluster's history: its numbered desired-state versions and the rollback to one. */
import { z } from "zod";
import { CLUSTER_STATUSES } from "../domain/cluster/lifecycle";
import { uuid } from "./common";

/** What the `record_cluster_revision` trigger stores in `cluster_revisions.state`. */
export const clusterRevisionStateSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  status: z.enum(CLUSTER_STATUSES),
  blueprintRowId: z.string(),
  minWorkers: z.int(),
  maxWorkers: z.int(),
  targetWorkers: z.int(),
  roleTargets: z.record(z.string(), z.int()),
  routingStrategy: z.string(),
  config: z.unknown(),
  version: z.int(),
  deleted: z.boolean(),
});
export type ClusterRevisionState = z.infer<typeof clusterRevisionStateSchema>;

export const fieldChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const clusterRevisionSchema = z
  .object({
    revision: z.int(),
    at: z.string(),
    actor: z.string(),
    reason: z.string(),
    state: clusterRevisionStateSchema,
    /** What changed against the revision before it (empty for the first). */
    changes: z.array(fieldChangeSchema),
  })
  .meta({ id: "ClusterRevision" });

export const clusterHistoryInput = z.strictObject({ id: uuid });
export const clusterHistorySchema = z.object({ items: z.array(clusterRevisionSchema) });

export const clusterRollbackInput = z.strictObject({
  id: uuid,
  revision: z.int().min(1).describe("The revision whose size and settings the cluster returns to."),
  reason: z.string().trim().min(1).max(500).optional(),
});

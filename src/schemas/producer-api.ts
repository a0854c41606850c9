/** Contracts of producers: programs that add jobs to clusters' control queues with a Redis user of their own. */
import { z } from "zod";
import { isoDate, uuid } from "./common";

export const producerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** The Redis user it signs in as. */
    user: z.string(),
    clusterIds: z.array(z.string()).describe("the clusters whose control queues it may add jobs to"),
    createdAt: isoDate,
    revokedAt: isoDate.nullable(),
  })
  .meta({ id: "Producer" });
export type ProducerDto = z.infer<typeof producerSchema>;

export const producerCreateInput = z.strictObject({
  name: z.string().trim().min(1, "a name is needed").max(100),
  clusterIds: z
    .array(uuid)
    .min(1, "name at least one cluster")
    .max(100)
    .describe("clusters whose control queues it may add jobs to"),
});

export const producerCreated = z
  .object({
    redisUrl: z.string().describe("redis://user:password@host:port — shown only now: store it"),
    info: producerSchema,
  })
  .meta({ id: "ProducerCreated" });

export const producerIdInput = z.strictObject({ producerId: uuid });

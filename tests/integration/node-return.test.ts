/**
 * A runner judged lost while it was alive (its beats could not be written for a while: Redis
 * full, a partition) registers again with its next beat instead of staying out for good.
 */
import os from "node:os";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { keys } from "../../src/infra/keys";
import { activeCluster, client, deleteCreatedClusters, uniqueName, uploadBlueprint } from "./helpers";

let redis: Redis;
beforeAll(() => {
  redis = new Redis(inject("redisUrl"));
});
afterAll(async () => {
  await deleteCreatedClusters();
  redis.disconnect();
});

it("a node dropped from the registry while alive is back with its next beat, and runs agents again", async () => {
  // The suite's own server, not a runner another test file started or killed meanwhile.
  const nodeId = (await redis.smembers(keys.nodesSet)).find((id) => id.startsWith(`${os.hostname()}-server-`));
  expect(nodeId).toBeDefined();
  // What the control plane does to a node whose heartbeat expired.
  await redis.multi().srem(keys.nodesSet, nodeId!).del(keys.nodeHeartbeat(nodeId!)).exec();
  await expect.poll(() => redis.sismember(keys.nodesSet, nodeId!), { timeout: 10_000 }).toBe(1);
  await expect.poll(() => redis.exists(keys.nodeHeartbeat(nodeId!)), { timeout: 10_000 }).toBe(1);

  const id = uniqueName("back");
  await uploadBlueprint(`metadata: { id: ${id}, name: Back, version: 1.0.0 }
cluster: { type: project, min_workers: 1, max_workers: 2 }
agents:
  - { role: worker, name: Worker }
`);
  const cluster = await activeCluster({ blueprintId: id, targetWorkers: 1 });
  expect((await client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 })).status).toBe(
    "SUCCEEDED",
  );
});

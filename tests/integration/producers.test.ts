/**
 * Producers: an admin makes a Redis user for another program, limited to adding jobs to the
 * control queues of the clusters it names; it is audited, survives Redis forgetting it (made again
 * when the server's connection is back, as are the agents' users), and revoking it ends it at once.
 */
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { keys, QUEUE_PREFIX } from "../../src/infra/keys";
import { allPages, client, deleteCreatedClusters, rest, tokenFor } from "./helpers";
import { agentsOf, pool } from "./pool-helpers";

afterEach(deleteCreatedClusters);

const server = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 3 });
afterAll(() => server.disconnect());

const users = async () => (await server.call("ACL", "USERS")) as string[];

/** Adds a control task as a producer program would; "ok" or the first word of Redis' refusal. */
async function addTask(redisUrl: string, clusterId: string, payload: string): Promise<string> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  connection.on("error", () => {});
  const queue = new Queue(keys.controlQueue(clusterId), { connection, prefix: QUEUE_PREFIX });
  queue.on("error", () => {}); // a refusal is the answer here, not a fault
  try {
    await queue.add("task", { role: "worker", payload });
    return "ok";
  } catch (error) {
    return (error as Error).message.split(" ")[0]!;
  } finally {
    await queue.close().catch(() => {});
    connection.disconnect();
  }
}

describe("producers", () => {
  it("may add jobs to the control queues of their clusters only; revoked, they may do nothing", async () => {
    const allowed = await pool({ workers: 1 });
    const other = await pool({ workers: 1 });
    const { redisUrl, info } = await client().producers.create.mutate({
      name: "billing app",
      clusterIds: [allowed.id],
    });
    expect(redisUrl).toMatch(new RegExp(`^redis://${info.user}:[^@]+@127\\.0\\.0\\.1:\\d+$`));
    expect((await allPages((page) => client().producers.list.query(page))).find((p) => p.id === info.id)).toMatchObject(
      {
        clusterIds: [allowed.id],
        revokedAt: null,
      },
    );
    const audit = await client().audit.list.query({ action: "producers.create" });
    expect(audit.items.find((e) => e.target === info.id)).toMatchObject({ outcome: "ok" });

    expect(await addTask(redisUrl, allowed.id, "from the billing app")).toBe("ok");
    await expect
      .poll(
        async () =>
          (await client().tasks.list.query({ clusterId: allowed.id, search: "from the billing app" })).items.map(
            (t) => t.status,
          ),
        { timeout: 10_000 },
      )
      .toEqual(["SUCCEEDED"]);
    expect(await addTask(redisUrl, other.id, "forged")).toBe("NOPERM");
    const direct = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    expect(await direct.set(keys.rateLimit("x"), "0").catch((e: Error) => e.message.split(" ")[0])).toBe("NOPERM");
    direct.disconnect();

    await client().producers.revoke.mutate({ producerId: info.id });
    expect(await users()).not.toContain(info.user);
    expect(await addTask(redisUrl, allowed.id, "after revoking")).toBe("WRONGPASS");
  });

  it("and agents get their Redis users back when the server's Redis connection returns", async () => {
    const cluster = await pool({ workers: 1 });
    const [agent] = await agentsOf(cluster.id);
    const { redisUrl, info } = await client().producers.create.mutate({ name: "scheduler", clusterIds: [cluster.id] });
    const agentUser = `myzel-agent-${agent!.id}`;
    // As a restarted Redis: the users are gone, and the server's connection breaks and comes back.
    await server.call("ACL", "DELUSER", info.user, agentUser);
    const clients = (await server.call("CLIENT", "LIST")) as string;
    // The server's connection and its duplicates (they share its name): every one comes back.
    const serverConnections = [...clients.matchAll(/id=(\d+) .*name=myzel:server /g)].map((m) => m[1]!);
    expect(serverConnections.length).toBeGreaterThan(0);
    for (const id of serverConnections) await server.call("CLIENT", "KILL", "ID", id);
    await expect
      .poll(async () => (await users()).filter((u) => u === info.user || u === agentUser).sort(), { timeout: 10_000 })
      .toEqual([agentUser, info.user].sort());
    expect(await addTask(redisUrl, cluster.id, "after the users came back")).toBe("ok");
    const task = await client().tasks.submit.mutate({ id: cluster.id, role: "worker", waitMs: 10_000 });
    expect(task.status).toBe("SUCCEEDED");
    await client().producers.revoke.mutate({ producerId: info.id });
  });

  it("are refused for clusters that do not exist, and to anyone but admins", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const reply = await rest("/api/producers", { method: "POST", json: { name: "x", clusterIds: [missing] } });
    expect(reply.status).toBe(404);
    expect(reply.body.detail).toContain(missing);
    const operator = await tokenFor("OPERATOR");
    expect(
      (await rest("/api/producers", { method: "POST", token: operator, json: { name: "x", clusterIds: [missing] } }))
        .status,
    ).toBe(403);
  });
});

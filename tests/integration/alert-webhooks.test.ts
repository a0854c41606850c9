/**
 * Alert webhooks against a local receiver: signed deliveries in JSON and Slack format, retried
 * when the receiver fails, listed with their outcome; a real crash loop reaches the receiver once.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crashLoopUntilOpen } from "./crash-loop";
import { pool } from "./healing-helpers";
import { client, deleteCreatedClusters, rest, sql, uniqueName } from "./helpers";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Received[] = [];
/** Paths that answer 503 this many more times before they answer 200. */
const failuresLeft = new Map<string, number>();
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    const path = req.url ?? "/";
    const left = failuresLeft.get(path) ?? 0;
    if (left > 0) {
      failuresLeft.set(path, left - 1);
      return void res.writeHead(503).end("try later");
    }
    received.push({ path, headers: req.headers, body });
    res.writeHead(204).end();
  });
});
let receiverUrl = "";
const webhookIds: string[] = [];

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const address = receiver.address();
  if (!address || typeof address === "string") throw new Error("receiver has no port");
  receiverUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await deleteCreatedClusters();
  for (const webhookId of webhookIds)
    await client()
      .alertWebhooks.delete.mutate({ webhookId })
      .catch(() => {});
  await new Promise((resolve) => receiver.close(resolve));
});

async function webhook(input: {
  path: string;
  format?: "json" | "slack";
  topics?: Array<"circuit_opened" | "node_lost">;
}) {
  const created = await client().alertWebhooks.create.mutate({
    name: uniqueName("hook"),
    url: `${receiverUrl}${input.path}`,
    format: input.format ?? "json",
    ...(input.topics ? { topics: input.topics } : {}),
  });
  webhookIds.push(created.info.id);
  return created;
}

const validSignature = (secret: string, request: Received) =>
  request.headers["x-myzel-signature"] ===
  `sha256=${createHmac("sha256", secret).update(`${request.headers["x-myzel-timestamp"]}.${request.body}`).digest("hex")}`;

const deliveries = async (webhookId: string) => (await client().alertWebhooks.deliveries.query({ webhookId })).items;

describe("alert webhooks", () => {
  it("delivers a signed test alert and lists the delivery as delivered", async () => {
    const path = `/${uniqueName("test")}`;
    const { secret, info } = await webhook({ path });
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await client().alertWebhooks.list.query({}))).not.toContain(secret);

    const delivery = await client().alertWebhooks.test.mutate({ webhookId: info.id });
    expect(delivery.status).toBe("pending");
    await expect.poll(() => received.filter((r) => r.path === path).length, { timeout: 15_000 }).toBe(1);
    const request = received.find((r) => r.path === path)!;
    expect(validSignature(secret, request)).toBe(true);
    expect(validSignature("whsec_wrong", request)).toBe(false);
    expect(request.headers["x-myzel-event"]).toBe("test");
    expect(JSON.parse(request.body)).toMatchObject({
      type: "myzel.alert",
      topic: "test",
      title: "Test alert from Myzel",
    });
    await expect.poll(async () => (await deliveries(info.id))[0]?.status, { timeout: 10_000 }).toBe("delivered");
    expect((await deliveries(info.id))[0]).toMatchObject({ attempts: 1, responseStatus: 204, error: null });
  });

  it("retries a failing receiver with backoff until it answers, keeping the attempts", async () => {
    const path = `/${uniqueName("flaky")}`;
    failuresLeft.set(path, 2);
    const { info } = await webhook({ path });
    await client().alertWebhooks.test.mutate({ webhookId: info.id });
    await expect.poll(async () => (await deliveries(info.id))[0]?.status, { timeout: 30_000 }).toBe("delivered");
    expect((await deliveries(info.id))[0]).toMatchObject({ attempts: 3, responseStatus: 204 });
    expect(received.filter((r) => r.path === path)).toHaveLength(1);
  });

  it("refuses a URL that is not http(s) and unknown fields with 400 naming them, storing nothing", async () => {
    const name = uniqueName("bad");
    const badUrl = await rest("/api/alert-webhooks", { method: "POST", json: { name, url: "ftp://example.com/hook" } });
    expect(badUrl.status).toBe(400);
    expect(JSON.stringify(badUrl.body.issues)).toContain("/url");
    const unknown = await rest("/api/alert-webhooks", {
      method: "POST",
      json: { name, url: "https://example.com/hook", colour: "red" },
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain("colour");
    const badTopic = await rest("/api/alert-webhooks", {
      method: "POST",
      json: { name, url: "https://example.com/hook", topics: ["everything"] },
    });
    expect(badTopic.status).toBe(400);
    expect(JSON.stringify(badTopic.body.issues)).toContain("/topics/0");
    expect(await sql("SELECT 1 FROM alert_webhooks WHERE name = $1", [name])).toHaveLength(0);
    expect((await rest(`/api/alert-webhooks/${crypto.randomUUID()}/deliveries`)).status).toBe(404);
  });

  it("sends a real crash loop to a Slack-format webhook once, signed", async () => {
    const path = `/${uniqueName("slack")}`;
    const { secret, info } = await webhook({ path, format: "slack", topics: ["circuit_opened"] });
    const cluster = await pool(1);
    await crashLoopUntilOpen(cluster.id);
    await expect.poll(() => received.filter((r) => r.path === path).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const request = received.find((r) => r.path === path)!;
    expect(validSignature(secret, request)).toBe(true);
    const body = JSON.parse(request.body) as { text: string; blocks: unknown[] };
    expect(body.text).toContain("restart circuit opened");
    expect(JSON.stringify(body.blocks)).toContain(`/clusters/${cluster.id}`);
    // One delivery per circuit opening, however many servers saw the event.
    const openings = await sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM healing_events WHERE cluster_id = $1 AND kind = 'circuit_opened' AND outcome <> 'pending'",
      [cluster.id],
    );
    await expect.poll(async () => (await deliveries(info.id)).length, { timeout: 10_000 }).toBe(openings[0]!.n);
  }, 90_000);
});

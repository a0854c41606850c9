/**
 * The original self-healing cluster design's curl lines, pasted as its README shows them
 * (only the address changed and an API token added), against a Myzel of their world: one
 * cluster of architect, coder, executor, critic and deployer agents. A server of its own, so
 * that "the only cluster" is true whatever the other test files left running.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/services/api-tokens";
import { type SideServer, startSideServer } from "./side-server";

const run = promisify(execFile);

const SEED_BLUEPRINT = `metadata: { id: agent-foundry, name: Agent Foundry, version: 1.0.0 }
cluster: { type: project, min_workers: 5, max_workers: 10, routing: least-busy }
agents:
  - { role: architect, name: Architect, capabilities: [design] }
  - { role: coder, name: Coder, reports_to: architect }
  - { role: executor, name: Executor, reports_to: architect }
  - { role: critic, name: Critic, reports_to: architect }
  - { role: deployer, name: Deployer, reports_to: architect }
`;

let side: SideServer;
const tokens = { admin: "", viewer: "" };
let clusterId = "";

/** What an admin does through the API; the curl lines below are the seed's. */
async function api(path: string, init: { method?: string; json?: unknown } = {}) {
  const response = await fetch(`${side.server.url}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${tokens.admin}`, "content-type": "application/json" },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Runs one curl line of the seed as written, against this server and with a token: the
 * answer's status and parsed body.
 */
async function paste(line: string, token = tokens.admin) {
  const command = line
    .replaceAll("http://localhost:8000", side.server.url)
    .replace(/^curl /, `curl -s -w '\\n%{http_code}' -H "Authorization: Bearer $MYZEL_TOKEN" `);
  const { stdout } = await run("sh", ["-c", command], { env: { ...process.env, MYZEL_TOKEN: token } });
  const cut = stdout.lastIndexOf("\n");
  return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) };
}

beforeAll(async () => {
  side = await startSideServer("compat", 6, { MYZEL_RUNNER_ENABLED: "true" });
  tokens.admin = (await createToken(side.server.deps.db, { name: "compat admin", role: "ADMIN" }, null)).token;
  tokens.viewer = (await createToken(side.server.deps.db, { name: "compat viewer", role: "VIEWER" }, null)).token;
  expect((await api("/api/blueprints", { method: "POST", json: { yaml: SEED_BLUEPRINT } })).status).toBe(201);
  const created = await api("/api/clusters", {
    method: "POST",
    json: { blueprintId: "agent-foundry", name: "foundry" },
  });
  clusterId = created.body.id;
  const active = await api(`/api/clusters/${clusterId}/wait?status=ACTIVE&timeoutMs=30000`);
  expect(active.body.status).toBe("ACTIVE");
}, 90_000);

afterAll(async () => {
  if (clusterId) await api(`/api/clusters/${clusterId}`, { method: "DELETE" });
  await side?.stop();
});

describe("the original design's paths", () => {
  it("answers 1. Check Cluster Status with the cluster and its five workers", async () => {
    const { status, body } = await paste("curl http://localhost:8000/api/cluster/status");
    expect(status).toBe(200);
    expect(body).toMatchObject({ cluster_id: clusterId, name: "foundry", status: "ACTIVE", running: true });
    expect(body.workers.map((w: { agent_type: string }) => w.agent_type).sort()).toEqual([
      "architect",
      "coder",
      "critic",
      "deployer",
      "executor",
    ]);
    expect(body.healthy_workers).toBe(5);
  });

  it("runs 2. Submit a Task with its query parameters, and 3. Get Task Result by the task_id it answered", async () => {
    const submitted = await paste(
      `curl -X POST "http://localhost:8000/api/cluster/task/submit?agent_type=architect&description=design%20a%20new%20feature"`,
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ agent_type: "architect", task: { payload: "design a new feature" } });
    const taskId: string = submitted.body.task_id;

    // Waits through Myzel's own operation, then reads the result the way the seed does.
    expect((await api(`/api/tasks/${taskId}/wait?timeoutMs=30000`)).body.status).toBe("SUCCEEDED");
    const result = await paste(`curl http://localhost:8000/api/cluster/task/${taskId}`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ task_id: taskId, status: "SUCCEEDED", agent_type: "architect", error: null });
    expect(JSON.stringify(result.body.result)).toContain("design a new feature");

    // 4. View Live Agents: the architect counts the task.
    const live = await paste("curl http://localhost:8000/api/cluster/agents/live");
    expect(live.status).toBe(200);
    const architect = live.body.agents.find((a: { agent_type: string }) => a.agent_type === "architect");
    expect(architect).toMatchObject({ tasks_completed: 1, errors: 0, alive: true, pid: expect.any(Number) });
  });

  it("runs 5. Trigger Manual Heal, 6. View Healing History and the metrics path", async () => {
    const healed = await paste("curl -X POST http://localhost:8000/api/cluster/heal");
    expect(healed.status).toBe(200);
    expect(healed.body).toMatchObject({ dryRun: false, sample: { redisUp: true, databaseUp: true } });
    const history = await paste("curl http://localhost:8000/api/cluster/infrastructure/healing-history");
    expect(history.status).toBe(200);
    expect(history.body.history).toEqual(expect.any(Array));
    expect(history.body.total).toBe(history.body.history.length);
    const metrics = await paste("curl http://localhost:8000/api/cluster/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.body.cluster_id).toBe(clusterId);
    expect(metrics.body.system.redis.status).toBeDefined();
    expect(metrics.body.workers).toHaveLength(5);
  });

  it("keeps the roles of the operations they stand for", async () => {
    expect((await paste("curl http://localhost:8000/api/cluster/status", tokens.viewer)).status).toBe(200);
    const refused = await paste("curl -X POST http://localhost:8000/api/cluster/heal", tokens.viewer);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain("OPERATOR");
    const anonymous = await paste("curl http://localhost:8000/api/cluster/status", "");
    expect(anonymous.status).toBe(401);
  });

  it("names the bad parameter of a submit, and stores no task", async () => {
    const before = await api(`/api/tasks?clusterId=${clusterId}`);
    const unknown = await paste(
      `curl -X POST "http://localhost:8000/api/cluster/task/submit?agent_type=janitor&description=sweep"`,
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.issues).toEqual([expect.objectContaining({ path: "/agent_type" })]);
    const missing = await paste(`curl -X POST "http://localhost:8000/api/cluster/task/submit?agent_type=coder"`);
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toEqual([expect.objectContaining({ path: "/description" })]);
    expect((await api(`/api/tasks?clusterId=${clusterId}`)).body.total).toBe(before.body.total);
  });

  it("asks for clusterId once there are several clusters, naming them", async () => {
    const second = await api("/api/clusters", {
      method: "POST",
      json: { blueprintId: "agent-foundry", name: "annex" },
    });
    try {
      const refused = await paste("curl http://localhost:8000/api/cluster/status");
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain("annex");
      expect(refused.body.detail).toContain("foundry");
      expect(refused.body.issues).toEqual([expect.objectContaining({ path: "/clusterId" })]);
      const chosen = await paste(`curl "http://localhost:8000/api/cluster/status?clusterId=${second.body.id}"`);
      expect(chosen.status).toBe(200);
      expect(chosen.body.name).toBe("annex");
    } finally {
      await api(`/api/clusters/${second.body.id}`, { method: "DELETE" });
    }
  });

  it("is marked deprecated in the OpenAPI document, pointing at the Myzel operation", async () => {
    const document = await (await fetch(`${side.server.url}/api/openapi.json`)).json();
    const operations = [
      ["/api/cluster/status", "get"],
      ["/api/cluster/task/submit", "post"],
      ["/api/cluster/task/{id}", "get"],
      ["/api/cluster/agents/live", "get"],
      ["/api/cluster/heal", "post"],
      ["/api/cluster/infrastructure/healing-history", "get"],
      ["/api/cluster/metrics", "get"],
    ] as const;
    for (const [path, method] of operations) {
      const operation = document.paths[path]?.[method];
      expect(operation?.deprecated, `${method} ${path}`).toBe(true);
      expect(operation.description).toMatch(/Use (GET|POST) \/api\//);
    }
  });
});

/**
 * One agent as a person looks after it: what its process wrote (kept per agent, secrets masked,
 * readable by viewers, followed with `after`), a restart that finishes its work first, and
 * removing an agent added by hand while planned agents are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeCluster, deleteCreatedClusters, rest, tokenFor, uniqueName, uploadBlueprint } from "./helpers";

type Line = { id: string; at: string; stream: "stdout" | "stderr"; text: string };
type Output = { agentId: string; lines: Line[]; next: string | null; keptLines: number };
type Agent = { id: string; key: string; role: string; status: string; pid: number | null; addedManually: boolean };

const blueprintId = uniqueName("output-team");
let clusterId = "";
let viewer = "";

beforeAll(async () => {
  await uploadBlueprint(`metadata: { id: ${blueprintId}, name: Output Team, version: 1.0.0 }
cluster: { type: department, min_workers: 2, max_workers: 4 }
agents:
  - role: lead
    name: Lead
  - role: tool
    name: Tool
    reports_to: lead
    runtime: { type: command, argv: [sh, -c, "echo 'API_TOKEN=hunter2secret and Bearer abcdefghijklmnop' >&2; exit 3"] }
`);
  clusterId = (await activeCluster({ blueprintId })).id;
  viewer = await tokenFor("VIEWER");
});
afterAll(deleteCreatedClusters);

const agents = async () => (await rest(`/api/clusters/${clusterId}/agents`)).body as Agent[];
const output = async (agentId: string, query = "") =>
  (await rest(`/api/clusters/${clusterId}/agents/${agentId}/output${query}`, { token: viewer })).body as Output;

/** Polls until `found` holds; the bound only keeps a broken run from hanging (generous for a loaded machine). */
async function eventually<T>(read: () => Promise<T>, found: (value: T) => boolean, what: string): Promise<T> {
  const until = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (found(value)) return value;
    if (Date.now() > until) throw new Error(`${what}: not seen within 30 s; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("an agent's output", () => {
  it("keeps what the process wrote, with secrets masked, for a viewer to read and follow", async () => {
    const tool = (await agents()).find((a) => a.role === "tool")!;
    const ready = await eventually(
      () => output(tool.id),
      (o) => o.lines.some((l) => l.text.includes("ready")),
      "the ready line",
    );
    expect(ready.keptLines).toBeGreaterThan(0);
    expect(ready.lines.find((l) => l.text.includes("ready"))?.stream).toBe("stdout");

    const task = await rest(`/api/clusters/${clusterId}/tasks`, {
      method: "POST",
      json: { role: "tool", payload: "go", maxAttempts: 1, waitMs: 20_000 },
    });
    expect(task.body.status).toBe("FAILED");
    const failed = await eventually(
      () => output(tool.id),
      (o) => o.lines.some((l) => l.text.includes(task.body.id) && l.stream === "stderr"),
      "the failure line",
    );
    const line = failed.lines.find((l) => l.text.includes(task.body.id) && l.stream === "stderr")!;
    expect(line.text).toContain("API_TOKEN=[redacted]");
    expect(line.text).toContain("Bearer [redacted]");
    expect(JSON.stringify(failed)).not.toContain("hunter2secret");
    expect(JSON.stringify(failed)).not.toContain("abcdefghijklmnop");

    // Following: after the newest line there is nothing new, and the position stays.
    const since = await output(tool.id, `?after=${failed.next}`);
    expect(since.lines.filter((l) => l.id <= failed.next!)).toEqual([]);
    expect(since.next).not.toBeNull();

    const bad = await rest(`/api/clusters/${clusterId}/agents/${tool.id}/output?after=yesterday`, { token: viewer });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("after");
    const elsewhere = await rest(`/api/clusters/${crypto.randomUUID()}/agents/${tool.id}/output`, { token: viewer });
    expect(elsewhere.status).toBe(404);
  });
});

describe("agent actions", () => {
  it("restarts an agent: a new process, its start in the output and the healing history", async () => {
    const lead = (await agents()).find((a) => a.role === "lead")!;
    const restarted = await rest(`/api/clusters/${clusterId}/agents/${lead.id}/restart`, { method: "POST" });
    expect(restarted.status).toBe(200);
    expect(restarted.body.action).toBe("restart");
    const refused = await rest(`/api/clusters/${clusterId}/agents/${lead.id}/restart`, {
      method: "POST",
      token: viewer,
    });
    expect(refused.status).toBe(403);

    const again = await eventually(
      async () => (await agents()).find((a) => a.id === lead.id)!,
      (a) => a.status === "IDLE" && a.pid !== null && a.pid !== lead.pid,
      "the restarted lead",
    );
    expect(again.pid).not.toBe(lead.pid);
    await eventually(
      () => output(lead.id),
      (o) => o.lines.filter((l) => l.text.includes("ready")).length >= 2,
      "two starts in the lead's output",
    );
    const history = await rest(`/api/healing-history?agentId=${lead.id}`);
    expect(history.body.items.some((e: { detail: string }) => e.detail.startsWith("restart asked by"))).toBe(true);
  });

  it("removes an agent added by hand, answers the same when asked again, and refuses a planned one", async () => {
    const tool = (await agents()).find((a) => a.role === "tool")!;
    const planned = await rest(`/api/clusters/${clusterId}/agents/${tool.id}`, { method: "DELETE" });
    expect(planned.status).toBe(409);
    expect(planned.body.detail ?? planned.body.message).toContain("scale its role down");

    const added = await rest(`/api/clusters/${clusterId}/agents`, { method: "POST", json: { role: "tool" } });
    expect(added.status).toBe(201);
    const first = await rest(`/api/clusters/${clusterId}/agents/${added.body.id}`, { method: "DELETE" });
    expect(first.status).toBe(200);
    const second = await rest(`/api/clusters/${clusterId}/agents/${added.body.id}`, { method: "DELETE" });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect((await agents()).map((a) => a.id)).not.toContain(added.body.id);
  });
});

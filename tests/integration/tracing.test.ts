/**
 * Traces across processes: a server exporting to a local OTLP/HTTP receiver (this test), a
 * supervisor agent that delegates to two workers. One submitted task must give one trace whose
 * spans come from at least three processes and hang together: submit (server) → run
 * (supervisor) → delegate (server) → run (worker), and the way back recorded on the server.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMyzelClient, type MyzelClient } from "../../src/client";
import { createToken } from "../../src/services/api-tokens";
import { type SideServer, startSideServer } from "./side-server";

interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  service: string;
  pid: number;
  attributes: Record<string, unknown>;
}

/** A collector in miniature: OTLP/HTTP with JSON bodies, as the exporter sends them. */
function startReceiver() {
  const spans: CollectedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.url === "/v1/traces") spans.push(...spansOf(JSON.parse(body)));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return { spans, server };
}

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
const plainValue = (v: AnyValue) =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue));
const attributesOf = (list: Array<{ key: string; value: AnyValue }> = []) =>
  Object.fromEntries(list.map((a) => [a.key, plainValue(a.value)]));

function spansOf(request: {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: AnyValue }> };
    scopeSpans: Array<{
      spans: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes: Array<{ key: string; value: AnyValue }>;
      }>;
    }>;
  }>;
}): CollectedSpan[] {
  return request.resourceSpans.flatMap((rs) => {
    const resource = attributesOf(rs.resource.attributes);
    return rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? "",
        name: s.name,
        service: String(resource["service.name"]),
        pid: Number(resource["process.pid"]),
        attributes: attributesOf(s.attributes),
      })),
    );
  });
}

const receiver = startReceiver();
let side: SideServer;
let myzel: MyzelClient;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.server.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.server.address() as AddressInfo;
  side = await startSideServer("tracing", 11, {
    MYZEL_RUNNER_ENABLED: "true",
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
  });
  const token = (await createToken(side.server.deps.db, { name: "tracing", role: "ADMIN" }, null)).token;
  myzel = createMyzelClient({ url: side.server.url, token });
}, 90_000);

afterAll(async () => {
  await side?.stop();
  receiver.server.close();
});

describe("a delegated task's trace", () => {
  it("spans the server and the agent processes, each run a child of what queued it", async () => {
    await myzel.blueprints.upload.mutate({
      yaml: `metadata: { id: traced-team, name: Traced Team, version: 1.0.0 }
cluster: { type: department, min_workers: 3, max_workers: 3 }
agents:
  - { role: boss, name: Boss, count: 1, runtime: { type: builtin, behaviour: delegate } }
  - { role: worker, name: Worker, count: 2, reports_to: boss }
`,
    });
    const cluster = await myzel.clusters.create.mutate({ blueprintId: "traced-team", name: "traced" });
    expect((await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 60_000 })).status).toBe(
      "ACTIVE",
    );

    const task = await myzel.tasks.submit.mutate({ id: cluster.id, role: "boss", payload: "trace me", waitMs: 30_000 });
    expect(task.status).toBe("SUCCEEDED");
    expect(task.traceId).toMatch(/^[0-9a-f]{32}$/);
    const subtasks = (await myzel.tasks.list.query({ rootTaskId: task.id })).items.filter((t) => t.id !== task.id);
    expect(subtasks).toHaveLength(2);
    // The subtasks are in the trace of the task they came from.
    for (const sub of subtasks) expect(sub.traceId).toBe(task.traceId);

    const inTrace = () => receiver.spans.filter((s) => s.traceId === task.traceId);
    const named = (name: string) => inTrace().filter((s) => s.name === name);
    // Agents export within a second; the server's result spans after the recorder has written.
    await expect.poll(() => named("task.run").length, { timeout: 20_000 }).toBe(3);
    await expect.poll(() => named("task.result").length, { timeout: 20_000 }).toBe(3);

    const [submit] = named("task.submit");
    expect(submit).toMatchObject({ service: "myzel-server", parentSpanId: "" });
    const byId = new Map(inTrace().map((s) => [s.spanId, s]));
    const parentOf = (span: CollectedSpan) => byId.get(span.parentSpanId);

    const bossRun = named("task.run").find((s) => s.attributes["myzel.task.id"] === task.id)!;
    expect(bossRun.service).toBe("myzel-agent");
    expect(parentOf(bossRun)).toBe(submit);
    expect(named("task.route")[0]!.parentSpanId).toBe(submit!.spanId);
    expect(named("queue.enqueue")[0]!.parentSpanId).toBe(submit!.spanId);

    const delegations = named("task.delegate");
    expect(delegations.map((d) => d.attributes["myzel.task.id"]).sort()).toEqual(subtasks.map((s) => s.id).sort());
    for (const delegation of delegations) {
      expect(delegation.service).toBe("myzel-server");
      expect(parentOf(delegation)).toBe(bossRun);
      const workerRun = named("task.run").find(
        (s) => s.attributes["myzel.task.id"] === delegation.attributes["myzel.task.id"],
      )!;
      expect(workerRun.attributes["myzel.agent.role"]).toBe("worker");
      expect(parentOf(workerRun)).toBe(delegation);
    }
    // The way back: each result recorded as a child of what submitted or delegated its task.
    for (const result of named("task.result"))
      expect([submit!.spanId, ...delegations.map((d) => d.spanId)]).toContain(result.parentSpanId);

    const processes = new Set(inTrace().map((s) => s.pid));
    expect(processes.size).toBeGreaterThanOrEqual(3);
    expect(processes).toContain(process.pid);

    await myzel.clusters.delete.mutate({ id: cluster.id });
  }, 120_000);
});

/**
 * An app that drives Myzel through its typed client: upload a blueprint, create a cluster
 * from it, send it a task, scale it, print the hierarchy, and clean up. It signs its calls
 * with an API token (an admin creates one under Admin → API tokens; this app uploads a
 * blueprint and deletes its cluster, so it needs an ADMIN token):
 *
 *   MYZEL_TOKEN=myzel_… npx tsx examples/client-app/main.ts http://localhost:3000
 */
import { createMyzelClient, issuesOf, type MyzelClient } from "../../src/client";

type Node = Awaited<ReturnType<MyzelClient["hierarchy"]["get"]["query"]>>["roots"][number];

const BLUEPRINT = `
metadata:
  id: example-research
  name: Research Team
  version: 1.0.0
cluster:
  type: project
  min_workers: 2
  max_workers: 8
  routing: least-busy
agents:
  - role: supervisor
    name: Research Lead
    capabilities: [planning]
  - role: worker
    name: Researcher
    count: 1-6
    reports_to: supervisor
    capabilities: [search, summarise]
`;

function printTree(nodes: Node[], indent = ""): void {
  for (const node of nodes) {
    console.log(`${indent}${node.agent.tier}: ${node.agent.name} [${node.agent.key}]`);
    printTree(node.subordinates, `${indent}  `);
  }
}

async function main() {
  const url = process.argv[2] ?? "http://localhost:3000";
  const token = process.env.MYZEL_TOKEN;
  if (!token) throw new Error("set MYZEL_TOKEN to an API token (Admin → API tokens in the dashboard)");
  const myzel = createMyzelClient({ url, token });

  const { blueprint } = await myzel.blueprints.upload.mutate({ yaml: BLUEPRINT });
  console.log(
    `blueprint ${blueprint.id}@${blueprint.version}: ${blueprint.workerBounds.min}-${blueprint.workerBounds.max} workers`,
  );

  const created = await myzel.clusters.create.mutate({
    blueprintId: blueprint.id,
    name: `research-${Date.now()}`,
    targetWorkers: 3,
  });
  // Its agents are processes that take a moment to start: wait until the cluster is ACTIVE.
  const cluster = await myzel.clusters.wait.query({ id: created.id, status: "ACTIVE", timeoutMs: 20_000 });
  console.log(`cluster ${cluster.name} is ${cluster.status} with ${cluster.currentWorkers} agents`);

  const answer = await myzel.tasks.submit.mutate({
    id: cluster.id,
    role: "worker",
    payload: { prompt: "summarise the findings" },
    waitMs: 10_000,
  });
  console.log(`task ${answer.status}: ${JSON.stringify(answer.result)}`);

  await myzel.clusters.scale.mutate({ id: cluster.id, targetWorkers: 5 });
  const scaled = await myzel.clusters.wait.query({ id: cluster.id, status: "ACTIVE", timeoutMs: 20_000 });
  console.log(`scaled to ${scaled.currentWorkers} agents`);

  const tree = await myzel.hierarchy.get.query({ id: cluster.id });
  printTree(tree.roots);

  try {
    await myzel.clusters.reactivate.mutate({ id: cluster.id });
  } catch (error) {
    console.log(`refused as expected: ${(error as Error).message}`);
  }

  const bad = await myzel.blueprints.validate.mutate({
    yaml: BLUEPRINT.replace("reports_to: supervisor", "reports_to: boss"),
  });
  for (const issue of bad.issues) console.log(`invalid blueprint, line ${issue.line}: ${issue.message}`);

  await myzel.clusters.delete.mutate({ id: cluster.id });
  const deleted = await myzel.clusters.wait.query({ id: cluster.id, status: "DESTROYED", timeoutMs: 20_000 });
  console.log(`cluster ${deleted.name} is ${deleted.status}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error, issuesOf(error));
  process.exit(1);
});

/**
 * `npm run myzel -- producer …`: producers from the command line, through the API.
 *
 *   npm run myzel -- producer create --clusters <id,id…> [--name NAME]   prints its redis:// URL, once
 *   npm run myzel -- producer list
 *   npm run myzel -- producer revoke <id>
 *
 * MYZEL_URL (default http://127.0.0.1:3000) and MYZEL_TOKEN (an admin's API token) say where and
 * as whom. Exit code 2 for bad arguments, 1 when the server refused.
 */
import { parseArgs } from "node:util";
import { createMyzelClient, issuesOf } from "../client";

const USAGE = `npm run myzel -- producer create --clusters <id,…> [--name NAME]
npm run myzel -- producer list
npm run myzel -- producer revoke <id>`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string", default: process.env.MYZEL_URL ?? "http://127.0.0.1:3000" },
    clusters: { type: "string" },
    name: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

function usage(message?: string): never {
  if (message) console.error(message);
  console.log(USAGE);
  process.exit(message ? 2 : 0);
}

const myzel = createMyzelClient({ url: values.url!, token: process.env.MYZEL_TOKEN });

async function main() {
  const [noun, verb, id] = positionals;
  if (values.help) usage();
  if (noun !== "producer") usage(`unknown command "${noun ?? ""}"`);
  if (verb === "create") {
    if (!values.clusters) usage("--clusters: name the clusters whose control queues it may add jobs to");
    const clusterIds = values.clusters
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    const created = await myzel.producers.create.mutate({
      name: values.name ?? `producer of ${clusterIds.join(",")}`,
      clusterIds,
    });
    console.log(
      `Producer ${created.info.id} (${created.info.user}) may add jobs to: ${created.info.clusterIds.join(", ")}`,
    );
    console.log("Its Redis URL, shown only now:");
    console.log(created.redisUrl);
  } else if (verb === "list") {
    for (const p of await myzel.producers.list.query({}))
      console.log(`${p.id}  ${p.revokedAt ? "revoked" : "active "}  ${p.name}  clusters: ${p.clusterIds.join(", ")}`);
  } else if (verb === "revoke") {
    if (!id) usage("revoke: name the producer's id");
    const revoked = await myzel.producers.revoke.mutate({ producerId: id });
    console.log(`Producer ${revoked.id} revoked; its Redis user is gone.`);
  } else usage(`unknown producer command "${verb ?? ""}"`);
}

main().catch((error) => {
  const issues = issuesOf(error);
  console.error(`Refused: ${(error as Error).message}`);
  for (const issue of issues) console.error(`  ${issue.path}: ${issue.message}`);
  if (/sign in|token/i.test((error as Error).message))
    console.error("  Set MYZEL_TOKEN to an admin's API token (created in the dashboard under Tokens).");
  process.exit(issues.length ? 2 : 1);
});

"use client";
import { useSyncExternalStore } from "react";
import { CodeBlock } from "../ui/code-block";

const noSubscription = () => () => {};

/** Ready-to-paste requests against this very server. */
export function CurlExamples() {
  // The page may be served under any host; the server render falls back to the default port.
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "http://localhost:3000",
  );
  const examples = [
    {
      title: "Upload a blueprint as raw YAML",
      code: `curl --data-binary @blueprints/marketing.yaml -H 'Content-Type: application/yaml' ${origin}/api/blueprints`,
    },
    {
      title: "Create a cluster from it",
      code: `curl -X POST ${origin}/api/clusters \\\n  -H 'Content-Type: application/json' \\\n  -d '{"blueprintId": "marketing-v1", "name": "Marketing Q1", "targetWorkers": 8}'`,
    },
    {
      title: "List active clusters",
      code: `curl '${origin}/api/clusters?status=ACTIVE&limit=20'`,
    },
    {
      title: "Scale a cluster",
      code: `curl -X POST ${origin}/api/clusters/$CLUSTER_ID/scale \\\n  -H 'Content-Type: application/json' -d '{"targetWorkers": 12}'`,
    },
  ];
  return (
    <div className="grid gap-3 lg:grid-cols-2">
      {examples.map((example) => (
        <CodeBlock key={example.title} title={example.title} code={example.code} />
      ))}
    </div>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { FileJson } from "lucide-react";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";
import { Loading, Placeholders, Skeleton } from "../ui/skeleton";
import { CurlExamples } from "./curl-examples";
import { DocumentLink } from "./document-link";
import { LiveProtocol } from "./live-protocol";
import { endpointsByTag, fetchDocument, type OpenApiDocument } from "./openapi";
import { OperationItem } from "./operation-item";

const OPENAPI_URL = "/api/openapi.json";

const TAG_TEXT: Record<string, string> = {
  blueprints: "Upload, check and read cluster blueprints. A new metadata.version adds a version.",
  clusters: "Create clusters from blueprints and move them through their lifecycle.",
  agents: "The agents of a cluster and the tree of who reports to whom.",
  metrics: "Load and health figures sampled over time.",
};

const fetchOpenApi = () => fetchDocument<OpenApiDocument>(OPENAPI_URL);

/** The REST reference, read from the OpenAPI document the server generates from its procedures. */
export function ApiDocsView() {
  const doc = useQuery({ queryKey: ["openapi"], queryFn: fetchOpenApi, staleTime: Number.POSITIVE_INFINITY });
  const groups = doc.data ? endpointsByTag(doc.data) : [];

  return (
    <>
      <PageHeader
        title="API reference"
        description={doc.data?.info.description ?? "REST access to clusters, agents and blueprints."}
        meta={
          doc.data && (
            <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">v{doc.data.info.version}</span>
          )
        }
        actions={
          <>
            <a
              href="/schemas/blueprint.json"
              target="_blank"
              rel="noreferrer"
              className="inline-flex h-8 items-center gap-1.5 rounded-md px-2.5 text-sm font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              <FileJson className="size-4" aria-hidden /> Blueprint JSON Schema
            </a>
            <DocumentLink href={OPENAPI_URL}>openapi.json</DocumentLink>
          </>
        }
      />

      <section aria-labelledby="quick-start" className="mb-8">
        <h2 id="quick-start" className="mb-3 text-sm font-semibold text-zinc-900 dark:text-zinc-100">
          Quick start
        </h2>
        <CurlExamples />
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
          Errors come back as <code className="font-mono">{"{ code, message, issues? }"}</code>; a blueprint issue
          carries its <code className="font-mono">line</code> and <code className="font-mono">column</code>. Point your
          editor at{" "}
          <a
            href="/schemas/blueprint.json"
            className="font-medium text-emerald-700 hover:underline dark:text-emerald-400"
          >
            /schemas/blueprint.json
          </a>{" "}
          to validate blueprints while you write them.
        </p>
      </section>

      <div className="mb-8">
        <LiveProtocol />
      </div>

      {doc.isPending ? (
        <Loading label="Loading the API reference" className="space-y-6">
          {[5, 4, 3].map((rows) => (
            <div key={rows} className="rounded-lg border border-zinc-200 dark:border-zinc-800">
              <Skeleton className="m-4 h-4 w-32" />
              <Placeholders count={rows} className="mx-4 my-4 h-5 w-[60%]" />
            </div>
          ))}
        </Loading>
      ) : doc.isError ? (
        <ErrorState
          title="Could not load the API description"
          error={doc.error}
          onRetry={() => void doc.refetch()}
          retrying={doc.isFetching}
        />
      ) : (
        <div className="grid items-start gap-6 lg:grid-cols-[10rem_minmax(0,1fr)]">
          <nav aria-label="API sections" className="hidden lg:sticky lg:top-8 lg:block">
            <ul className="space-y-0.5 text-sm">
              {groups.map(({ tag, endpoints }) => (
                <li key={tag}>
                  <a
                    href={`#tag-${tag.replaceAll(" ", "-")}`}
                    className="flex items-center justify-between rounded-md px-2 py-1 text-zinc-600 capitalize hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
                  >
                    {tag}
                    <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">{endpoints.length}</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="flex min-w-0 flex-col gap-6">
            {groups.map(({ tag, endpoints }) => (
              <div key={tag} id={`tag-${tag.replaceAll(" ", "-")}`} className="scroll-mt-6">
                <Panel
                  title={<span className="capitalize">{tag}</span>}
                  description={doc.data.tags?.find((entry) => entry.name === tag)?.description ?? TAG_TEXT[tag]}
                  bodyClassName=""
                  id={`api-${tag.replaceAll(" ", "-")}`}
                >
                  {endpoints.map((endpoint) => (
                    <OperationItem key={`${endpoint.method} ${endpoint.path}`} doc={doc.data} endpoint={endpoint} />
                  ))}
                </Panel>
              </div>
            ))}
          </div>
        </div>
      )}
    </>
  );
}

import { forEachOpenApiProcedure, generateOpenApiDocument, normalizePath, type OpenAPIObject } from "trpc-to-openapi";
import { appRouter } from "../api/root";
import { type ProcedureMeta, requiredRole, requiresAgent } from "../api/trpc";
import { MARKDOWN_TYPE, YAML_TYPE } from "../domain/http/media-type";
import { problemSchema } from "../schemas/problem";
import { applyConventions, withConventionProblems } from "./openapi-conventions";
import { type HttpMethod, problemResponses, roleSentence } from "./openapi-problems";

const TAGS: Record<string, string> = {
  blueprints: "YAML descriptions of clusters: roles, hierarchy, counts, scaling, how each agent runs; versioned.",
  clusters: "Running clusters made from a blueprint: create, scale, hibernate, reactivate, delete.",
  agents: "A cluster's agents and their reports-to tree.",
  metrics: "A cluster's figures: queue, throughput, latency, errors, agents, CPU and memory.",
  tasks: "Work submitted to a cluster, routed to one agent, with its attempts and result.",
  sessions:
    "Live tool sessions and LLM conversations: prompts with the same session key share a running tool or a conversation.",
  "dead letters": "Work that failed for good, kept with the reason; it can be replayed.",
  healing: "What Myzel noticed and repaired, on its own or when asked; chaos drills.",
  nodes: "The hosts that run agents: their state, labels and load; cordon, drain, rebalance, remove.",
  overview: "The installation at a glance: system health and every live cluster.",
  access: "Who is calling, the one-time setup of the first admin, the audit log.",
  users: "People who sign in to the dashboard, each with a role.",
  tokens: "API tokens for programs, each with a role and an optional expiry.",
  producers: "Programs that add jobs to clusters' control queues through Redis, with a user of their own.",
  providers:
    "LLM endpoints named once, with requests, tokens and concurrent calls per minute shared by every agent on every node, and model prices.",
  alerts: "Webhooks that receive signed alerts (JSON or Slack format), and their deliveries with the outcome.",
  backups:
    "Verified archives of the database, Redis and the blueprints folder, written in the background; restored offline with `myzel backup restore`.",
  memory:
    "Shared cluster memory: namespaces of values (versioned JSON, compare-and-set) and documents (full-text and trigram search); agents use /api/agent-memory with their own credential.",
  planner:
    "From a goal in plain words to a proposed blueprint, by a configured model or from the shipped templates; nothing is applied until it is uploaded.",
  compatibility:
    "The original self-healing cluster design's paths, kept so its scripts work: deprecated aliases over the operations named in each.",
};

const AGENT_SENTENCE =
  "Only for agents: needs the agent's memory credential (MYZEL_MEMORY_TOKEN, given by its runner), never an API token.";

type Operation = NonNullable<NonNullable<OpenAPIObject["paths"]>[string]["get"]>;

let cached: OpenAPIObject | undefined;

/**
 * The OpenAPI 3.1 document of the REST API, generated from the same procedures as tRPC. What
 * trpc-to-openapi cannot know is added from the procedures themselves: the role each one's
 * middleware requires, every error status it can answer (as RFC 9457 problem details), and the
 * YAML body the blueprint operations take.
 */
export function openApiDocument(baseUrl: string): OpenAPIObject {
  cached ??= completed(
    generateOpenApiDocument(appRouter, {
      title: "Myzel API",
      description:
        "REST access to Myzel's clusters, agents and blueprints. Every call but the one-time setup needs an API token (`Authorization: Bearer myzel_…`, created by an admin) or a signed-in session; each operation says the role it needs, also as `x-myzel-role`. Every error is RFC 9457 problem details (`application/problem+json`). The same operations are available as a typed tRPC client (see README).",
      version: "0.1.0",
      license: { name: "MIT", identifier: "MIT" },
      baseUrl: "/",
      tags: Object.keys(TAGS),
      securitySchemes: {
        Authorization: {
          type: "http",
          scheme: "bearer",
          description: "An API token (`myzel_…`, created by an admin) or the session cookie of a signed-in user.",
        },
      },
      defs: { Problem: problemSchema },
    }),
  );
  return { ...cached, servers: [{ url: baseUrl }] };
}

function completed(doc: OpenAPIObject): OpenAPIObject {
  forEachOpenApiProcedure(appRouter._def.procedures, ({ procedure, meta }) => {
    const { openapi } = meta;
    const operation = doc.paths?.[normalizePath(openapi.path)]?.[openapi.method.toLowerCase() as "get"];
    if (!operation) return;
    const role = requiredRole(procedure as never);
    const agentOnly = requiresAgent(procedure as never);
    const yaml = openapi.contentTypes?.includes(YAML_TYPE) ?? false;
    const markdown = openapi.contentTypes?.includes(MARKDOWN_TYPE) ?? false;
    const facts = {
      method: openapi.method as HttpMethod,
      path: openapi.path,
      role,
      takesInput: (procedure as unknown as { _def: { inputs: unknown[] } })._def.inputs.length > 0,
      extraContentTypes: [...(yaml ? [YAML_TYPE] : []), ...(markdown ? [MARKDOWN_TYPE] : [])],
    };
    operation.description = [
      openapi.description ?? openapi.summary,
      agentOnly ? AGENT_SENTENCE : roleSentence(role),
    ].join("\n\n");
    operation["x-myzel-role"] = agentOnly ? "AGENT" : (role ?? undefined);
    if (role === null && !agentOnly) operation.security = [];
    if (yaml) textBody(operation, YAML_TYPE, "the blueprint itself, as YAML (the JSON body's `yaml` field)");
    if (markdown)
      textBody(
        operation,
        MARKDOWN_TYPE,
        "a manifest: Markdown with the blueprint as front matter (the JSON body's `manifest` field)",
      );
    applyConventions(operation as never, meta as ProcedureMeta);
    const success = Object.entries(operation.responses ?? {}).filter(([status]) => status.startsWith("2"));
    operation.responses = {
      ...Object.fromEntries(success),
      ...problemResponses(facts, withConventionProblems(meta as ProcedureMeta, ownProblems(openapi.errorResponses))),
    };
  });
  doc.tags = Object.entries(TAGS).map(([name, description]) => ({ name, description }));
  // trpc-to-openapi's own error bodies ({ message, code }) are never sent: Problem replaces them.
  const schemas = doc.components?.schemas ?? {};
  for (const name of Object.keys(schemas)) if (name.startsWith("error.")) delete schemas[name];
  return oneFormEach(doc);
}

/**
 * zod-openapi names the output form of a schema `XOutput` once it has seen X as an input; where
 * the input form is referenced nowhere, the output form is simply X.
 */
function oneFormEach(doc: OpenAPIObject): OpenAPIObject {
  const schemas = doc.components?.schemas ?? {};
  const used = JSON.stringify(doc.paths);
  const renames = Object.keys(schemas)
    .map((name) => [name, name.replace(/Output$/, "")] as const)
    .filter(([name, base]) => name !== base && base in schemas && !used.includes(`"#/components/schemas/${base}"`));
  for (const [name, base] of renames) {
    schemas[base] = schemas[name]!;
    delete schemas[name];
  }
  let text = JSON.stringify(doc);
  for (const [name, base] of renames) {
    text = text.replaceAll(`"#/components/schemas/${name}"`, `"#/components/schemas/${base}"`);
  }
  return JSON.parse(text) as OpenAPIObject;
}

/** A procedure's own error statuses: trpc-to-openapi's `errorResponses`, a list or status → meaning. */
function ownProblems(errorResponses: number[] | Record<number, string> | undefined): Record<number, string> {
  if (!errorResponses) return {};
  if (!Array.isArray(errorResponses)) return errorResponses;
  return Object.fromEntries(errorResponses.map((status) => [status, "See the problem's `detail`."]));
}

/** A text request body (YAML, a Markdown manifest): the text itself, which the server takes as one field of the JSON body. */
function textBody(operation: Operation, type: string, description: string) {
  const content = (operation.requestBody as { content?: Record<string, unknown> } | undefined)?.content;
  if (!content) return;
  content[type] = { schema: { type: "string", description } };
}

import { generateOpenApiDocument } from "trpc-to-openapi";
import { appRouter } from "../api/root";

let cached: ReturnType<typeof generateOpenApiDocument> | undefined;

/** The OpenAPI 3.1 document of the REST API, generated from the same procedures as tRPC. */
export function openApiDocument(baseUrl: string) {
  cached ??= generateOpenApiDocument(appRouter, {
    title: "Myzel API",
    description:
      "REST access to Myzel's clusters, agents and blueprints. Every call needs an API token (`Authorization: Bearer myzel_…`, created by an admin) or a signed-in session; each operation says the role it needs. The same operations are available as a typed tRPC client (see README).",
    version: "0.1.0",
    baseUrl: "/",
    tags: [
      "blueprints",
      "clusters",
      "agents",
      "metrics",
      "tasks",
      "dead letters",
      "healing",
      "access",
      "users",
      "tokens",
    ],
  });
  return { ...cached, servers: [{ url: baseUrl }] };
}

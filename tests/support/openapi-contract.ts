/**
 * Holds the REST API to its OpenAPI document: each response must have a status the document
 * lists for its operation, one of the content types it lists for that status, and a body valid
 * against the schema it gives (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses).
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Middleware } from "openapi-fetch";

type Media = { schema?: object };
type Operation = { responses: Record<string, { content?: Record<string, Media> }> };
export type OpenApi = { paths: Record<string, Record<string, Operation>>; components: object };

const DOCUMENT_ID = "https://myzel.internal/openapi.json";

export function contractOf(document: OpenApi) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });
  const validators = new Map<string, ValidateFunction>();
  const validatorOf = (key: string, schema: object) => {
    let validate = validators.get(key);
    if (!validate) {
      // The document's schemas point into its components; here they point into the copy given to ajv.
      const absolute = JSON.stringify(schema).replaceAll('"#/components/', `"${DOCUMENT_ID}#/components/`);
      validate = ajv.compile(JSON.parse(absolute));
      validators.set(key, validate);
    }
    return validate;
  };
  /** Every `METHOD path status` answered so far, as the document names them. */
  const answered: string[] = [];

  /** Why this response breaks the document, or null when it keeps to it. */
  async function breach(method: string, path: string, response: Response): Promise<string | null> {
    const where = `${method} ${path} answered ${response.status}`;
    const operation = document.paths[path]?.[method.toLowerCase()];
    if (!operation) return `${method} ${path} is not in the document`;
    const documented = operation.responses[String(response.status)];
    if (!documented) return `${where}, which it does not document (${Object.keys(operation.responses).join(", ")})`;
    answered.push(`${method} ${path} ${response.status}`);
    const text = await response.clone().text();
    if (!documented.content) return text === "" ? null : `${where} with a body it does not document`;
    const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
    const media = documented.content[type];
    if (!media) return `${where} as "${type}", not ${Object.keys(documented.content).join(" or ")}`;
    const validate = validatorOf(`${method} ${path} ${response.status} ${type}`, media.schema ?? {});
    if (validate(JSON.parse(text))) return null;
    return `${where} with a body its schema refuses: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`;
  }

  /** openapi-fetch middleware: a response that breaks the document fails the call. */
  const middleware: Middleware = {
    async onResponse({ request, response, schemaPath }) {
      const problem = await breach(request.method, schemaPath, response);
      if (problem) throw new Error(problem);
      return undefined;
    },
  };

  const routes = Object.keys(document.paths).map((path) => ({
    path,
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    params: (path.match(/\{/g) ?? []).length,
  }));
  /** The same check for a concrete URL (`/api/tasks/7f…?timeoutMs=10`): its path in the document is found first. */
  async function breachAt(method: string, url: string, response: Response): Promise<string | null> {
    const pathname = new URL(url, "http://myzel.internal").pathname;
    const route = routes
      .filter((candidate) => candidate.pattern.test(pathname) && document.paths[candidate.path]?.[method.toLowerCase()])
      .sort((a, b) => a.params - b.params)[0];
    return breach(method, route?.path ?? pathname, response);
  }

  return { breach, breachAt, middleware, answered };
}

/** What the tests' `rest()` helper answers, as the Response it was read from. */
export function asResponse(answer: { status: number; body: unknown; headers: Headers }): Response {
  const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
  return new Response(text, { status: answer.status, headers: answer.headers });
}

/** The parts of an OpenAPI 3.1 document the reference page reads, and helpers to flatten schemas. */

/** One of the documents the server generates (OpenAPI, AsyncAPI), as the page fetches it. */
export async function fetchDocument<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocument {
  info: { title: string; description?: string; version: string };
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export const METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type Method = (typeof METHODS)[number];

export interface Endpoint {
  method: Method;
  path: string;
  operation: Operation;
}

/** Endpoints grouped by their first tag, in the document's tag order. */
export function endpointsByTag(doc: OpenApiDocument): Array<{ tag: string; endpoints: Endpoint[] }> {
  const groups = new Map<string, Endpoint[]>((doc.tags ?? []).map((tag) => [tag.name, []]));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? "other";
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, operation }]);
    }
  }
  return [...groups].filter(([, endpoints]) => endpoints.length > 0).map(([tag, endpoints]) => ({ tag, endpoints }));
}

export function resolve(doc: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.split("/").at(-1) ?? "";
  return doc.components?.schemas?.[name];
}

// zod writes the safe-integer range on every integer; it says nothing to a reader.
const BOUNDLESS = Number.MAX_SAFE_INTEGER;

/** "integer ≥ 0", "string | null", "enum", "array of object", "string (date-time)". */
export function describeType(doc: OpenApiDocument, raw: JsonSchema | undefined): string {
  const schema = resolve(doc, raw);
  if (!schema) return "any";
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return [...new Set(variants.map((variant) => describeType(doc, variant)))].join(" | ");
  if (schema.enum) return "enum";
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes("array")) return `array of ${describeType(doc, schema.items)}`;
  let text = types.join(" | ") || (schema.properties ? "object" : "any");
  if (schema.format) text += ` (${schema.format})`;
  const bounds: string[] = [];
  if (schema.minimum !== undefined && Math.abs(schema.minimum) < BOUNDLESS) bounds.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && Math.abs(schema.maximum) < BOUNDLESS) bounds.push(`≤ ${schema.maximum}`);
  if (schema.maxLength !== undefined) bounds.push(`≤ ${schema.maxLength} chars`);
  return bounds.length ? `${text} ${bounds.join(", ")}` : text;
}

export interface FieldRow {
  /** The field's path from the top ("agents[].role"), unique in its table. */
  path: string;
  name: string;
  depth: number;
  type: string;
  required: boolean;
  description?: string;
  values?: string[];
  defaultValue?: string;
}

/** An object schema as rows, nested fields indented under their parent (arrays as "name[]"). */
export function fieldRows(
  doc: OpenApiDocument,
  raw: JsonSchema | undefined,
  depth = 0,
  seen: ReadonlySet<string> = new Set(),
  parent = "",
): FieldRow[] {
  const schema = resolve(doc, raw);
  if (!schema) return [];
  if (schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array")))
    return fieldRows(doc, schema.items, depth, seen, parent);
  const rows: FieldRow[] = [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const resolved = resolve(doc, child);
    const nullableObject = resolved?.anyOf?.find((variant) => resolve(doc, variant)?.properties);
    const nested = resolved?.properties
      ? resolved
      : resolved?.items
        ? resolve(doc, resolved.items)
        : nullableObject
          ? resolve(doc, nullableObject)
          : undefined;
    const isArray = resolved?.type === "array";
    const shown = isArray && nested?.properties ? `${name}[]` : name;
    rows.push({
      path: parent ? `${parent}.${shown}` : shown,
      name: shown,
      depth,
      type: describeType(doc, child),
      required: schema.required?.includes(name) ?? false,
      description: resolved?.description,
      values: resolved?.enum?.map(String),
      defaultValue: resolved?.default !== undefined ? JSON.stringify(resolved.default) : undefined,
    });
    // A $ref seen on the way down is a recursive type (the hierarchy): say so, do not loop.
    const ref = child.$ref ?? resolved?.items?.$ref;
    if (nested?.properties && depth < 3 && !(ref && seen.has(ref))) {
      const path = parent ? `${parent}.${shown}` : shown;
      rows.push(...fieldRows(doc, nested, depth + 1, ref ? new Set([...seen, ref]) : seen, path));
    }
  }
  return rows;
}

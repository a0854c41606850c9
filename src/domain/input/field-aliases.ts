/**
 * One field, two spellings: a payload may name its fields as the REST API does (camelCase) or in
 * snake_case, the spelling of the original control-task design that producers already send.
 * Only the fields of the declared shape are renamed: a task's `payload` is the producer's own
 * data and is passed on untouched, and a key the shape does not know is kept as it came, so the
 * contract that checks the result can refuse it by its own name.
 */

/** The fields of an object, each a leaf (null) or the fields of the object it holds. */
export interface FieldShape {
  readonly [camelName: string]: FieldShape | null;
}

export interface AliasIssue {
  path: (string | number)[];
  message: string;
}

export type AliasResult = { ok: true; value: unknown } | { ok: false; issues: AliasIssue[] };

/** `sessionKey` → `session_key`. */
export function snakeCaseOf(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * `value` with every snake_case alias of `shape` renamed to its camelCase field, at every level
 * the shape declares; both spellings of one field at once is an issue naming both (which one was
 * meant cannot be known). A value that is not an object is returned as it is, for the contract to refuse.
 */
export function canonicalFieldNames(value: unknown, shape: FieldShape): AliasResult {
  const issues: AliasIssue[] = [];
  const result = rename(value, shape, [], issues);
  return issues.length ? { ok: false, issues } : { ok: true, value: result };
}

function rename(value: unknown, shape: FieldShape, path: (string | number)[], issues: AliasIssue[]): unknown {
  if (!isPlainObject(value)) return value;
  const canonical = new Map<string, string>();
  for (const field of Object.keys(shape)) {
    const alias = snakeCaseOf(field);
    if (alias !== field) canonical.set(alias, field);
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const field = canonical.get(key) ?? key;
    if (field !== key && Object.hasOwn(value, field)) {
      issues.push({ path: [...path, field], message: `"${field}" and "${key}" name the same field: give one of them` });
      continue;
    }
    const nested = Object.hasOwn(shape, field) ? shape[field] : null;
    out[field] = nested ? rename(inner, nested, [...path, field], issues) : inner;
  }
  return out;
}

type JsonSchema = Record<string, unknown>;

/**
 * A JSON Schema of the camelCase contract, made to tell the whole truth about what is accepted:
 * each aliased property also appears under its snake_case name (marked deprecated), a required
 * field is satisfied by either spelling, and giving both is invalid.
 */
export function withAliasProperties(schema: JsonSchema, shape: FieldShape): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return schema;
  const props: Record<string, JsonSchema> = {};
  const rules: JsonSchema[] = [];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  for (const [field, property] of Object.entries(properties)) {
    const nested = Object.hasOwn(shape, field) ? shape[field] : null;
    const own = nested ? withAliasProperties(property, nested) : property;
    props[field] = own;
    const alias = snakeCaseOf(field);
    if (alias === field) continue;
    props[alias] = { ...own, description: `the same as ${field} (an older spelling)`, deprecated: true };
    rules.push({ not: { required: [field, alias] } });
    if (required.delete(field)) rules.push({ anyOf: [{ required: [field] }, { required: [alias] }] });
  }
  const { required: _, allOf, ...rest } = schema;
  return {
    ...rest,
    properties: props,
    ...(required.size ? { required: [...required] } : {}),
    ...(rules.length || allOf ? { allOf: [...((allOf as JsonSchema[] | undefined) ?? []), ...rules] } : {}),
  };
}

/**
 * What the REST handler hands to trpc-to-openapi. Left alone, it coerces strings to numbers
 * and booleans by setting `coerce` on the input schemas themselves — for JSON bodies too, and on
 * the very schema objects the tRPC procedures validate with, so after one REST call tRPC
 * converted as well. Instead:
 * - it is given a view of the router whose input schemas are copies: its coercion writes on
 *   them, and nothing validates with them (calls go through the real router's caller, so every
 *   input is checked exactly by the procedure's own schema);
 * - query strings (GET, DELETE) are read here, from the real schema: a number field takes a plain
 *   decimal, a boolean "true"/"false"/"1"/"0", a list every repeated value; anything else stays
 *   a string, so zod names the field.
 */
import type { AnyTRPCRouter } from "@trpc/server";
import type { z } from "zod";

export type Schema = z.core.$ZodType;
export type Procedure = { _def: { inputs: unknown[]; meta?: unknown; type: string } };

/** The router as trpc-to-openapi should see it: same procedures and meta, copied input schemas. */
export function routerWithDetachedInputs<R extends AnyTRPCRouter>(router: R): R {
  const procedures: Record<string, Procedure> = {};
  for (const [path, procedure] of Object.entries(router._def.procedures as Record<string, Procedure>)) {
    procedures[path] = { _def: { ...procedure._def, inputs: procedure._def.inputs.map((s) => detach(s as Schema)) } };
  }
  return { ...router, _def: { ...router._def, procedures } };
}

/** A copy of `schema` down to every node trpc-to-openapi's coercion writes on (objects and what wraps their fields). */
function detach(schema: Schema): Schema {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const copy = (changes: Record<string, unknown> = {}) =>
    (schema as z.ZodType).clone({ ...def, ...changes } as z.core.$ZodTypeDef);
  switch (def.type) {
    case "object": {
      const shape = def.shape as Record<string, Schema>;
      return copy({ shape: Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, detach(field)])) });
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
      return copy({ innerType: detach(def.innerType as Schema) });
    case "array":
      return copy({ element: detach(def.element as Schema) });
    case "pipe":
      return copy({ in: detach(def.in as Schema), out: detach(def.out as Schema) });
    case "number":
    case "boolean":
    case "bigint":
    case "date":
      return copy();
    default:
      return schema;
  }
}

/** The query string as a POST body: as `queryInput`, one value per field instead of a list. */
export function queryBody(schema: Schema | undefined, params: URLSearchParams): Record<string, unknown> {
  return Object.fromEntries(Object.entries(queryInput(schema, params)).map(([key, [value]]) => [key, value]));
}

/**
 * The query string as the input object of `schema`, numbers and booleans parsed where the
 * schema asks for them. Each value is wrapped in a one-element list: trpc-to-openapi's
 * `getQuery` hands over the single element of such a list as it is (and drops falsy values
 * that are not lists, such as `false` and `0`).
 */
export function queryInput(schema: Schema | undefined, params: URLSearchParams): Record<string, unknown[]> {
  const shape = schema ? objectShape(schema) : {};
  const query: Record<string, unknown[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    const field = shape[key] ? unwrap(shape[key]) : undefined;
    if (field?._zod.def.type === "array") {
      const element = unwrap((field._zod.def as z.core.$ZodArrayDef).element);
      query[key] = [values.map((value) => scalar(element, value))];
    } else {
      query[key] = [values.length === 1 ? scalar(field, values[0]!) : values];
    }
  }
  return query;
}

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

function scalar(schema: Schema | undefined, value: string): unknown {
  const type = schema?._zod.def.type;
  if ((type === "number" || type === "int") && DECIMAL.test(value)) return Number(value);
  if (type === "boolean" && (value === "true" || value === "1")) return true;
  if (type === "boolean" && (value === "false" || value === "0")) return false;
  return value;
}

function objectShape(schema: Schema): Record<string, Schema> {
  const inner = unwrap(schema);
  return inner._zod.def.type === "object" ? (inner._zod.def as z.core.$ZodObjectDef).shape : {};
}

/** Through optional, default, … and pipes (their input side) to the type a query value must be read as. */
function unwrap(schema: Schema): Schema {
  const def = schema._zod.def as z.core.$ZodTypeDef & { innerType?: Schema; in?: Schema };
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === "pipe" && def.in) return unwrap(def.in);
  return schema;
}

/**
 * Every input Myzel takes is a strict object all the way down, so a key nobody declared (a
 * misspelt `dryrun`) is refused by name instead of dropped, and no schema converts a value
 * (`z.coerce`, a preprocess): a procedure added later with a loose or converting input fails here.
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { agentJobSchema, delegateRequestSchema, taskOutcomeSchema, taskStartSchema } from "../schemas/agent-protocol";
import { controlTaskSchemas } from "../schemas/control-tasks";
import { appRouter } from "./root";

type Schema = z.core.$ZodType;

/** Paths (e.g. `tasks[].target`) of the objects in `schema` that let unknown keys through, and of converting nodes. */
function looseParts(schema: Schema, path = "(input)", seen = new Set<Schema>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const walk = (child: unknown, at = path) => looseParts(child as Schema, at, seen);
  switch (def.type) {
    case "object": {
      const catchall = def.catchall as Schema | undefined;
      const own = catchall?._zod.def.type === "never" ? [] : [`${path}: unknown keys pass`];
      const shape = def.shape as Record<string, Schema>;
      return [...own, ...Object.entries(shape).flatMap(([key, field]) => walk(field, `${path}.${key}`))];
    }
    case "number":
    case "boolean":
    case "bigint":
    case "string":
    case "date":
      return def.coerce ? [`${path}: converts (z.coerce)`] : [];
    case "transform":
      return [`${path}: converts (preprocess)`];
    case "pipe":
      // A transform after validation (`.transform(...)`) is fine; one before it converts the raw input.
      if ((def.in as Schema)._zod.def.type === "transform") return [`${path}: converts (preprocess)`];
      return (def.out as Schema)._zod.def.type === "transform" ? walk(def.in) : [walk(def.in), walk(def.out)].flat();
    case "array":
      return walk(def.element, `${path}[]`);
    case "record":
      return walk(def.valueType, `${path}{}`);
    case "union":
      return (def.options as Schema[]).flatMap((option) => walk(option));
    case "intersection":
      return [walk(def.left), walk(def.right)].flat();
    case "lazy":
      return walk((def.getter as () => Schema)());
    default:
      return def.innerType ? walk(def.innerType) : [];
  }
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { inputs: Schema[] } }>,
);

describe("procedure inputs", () => {
  it("finds every procedure, each with one input schema", () => {
    expect(procedures.length).toBeGreaterThan(40);
    const without = procedures.filter(([, procedure]) => procedure._def.inputs.length !== 1).map(([path]) => path);
    expect(without).toEqual([]);
  });

  it("are strict objects that convert nothing", () => {
    const loose = procedures.flatMap(([path, procedure]) =>
      procedure._def.inputs.flatMap((input) => looseParts(input).map((part) => `${path} ${part}`)),
    );
    expect(loose).toEqual([]);
  });
});

describe("queue and stream payloads", () => {
  const payloads: Record<string, Schema> = {
    ...Object.fromEntries(Object.entries(controlTaskSchemas).map(([type, schema]) => [`control ${type}`, schema])),
    agentJob: agentJobSchema,
    delegateRequest: delegateRequestSchema,
    taskOutcome: taskOutcomeSchema,
    taskStart: taskStartSchema,
  };

  it("are strict objects that convert nothing", () => {
    const loose = Object.entries(payloads).flatMap(([name, schema]) =>
      looseParts(schema).map((part) => `${name} ${part}`),
    );
    expect(loose).toEqual([]);
  });

  it("name an unknown key when they refuse it", () => {
    const parsed = controlTaskSchemas.scale_cluster.safeParse({ targetWorker: 3, targetWorkers: 3 });
    expect(parsed.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["targetWorker"] });
  });
});

/**
 * The control tasks of a cluster's control queue (worker-pool.md), as any BullMQ client can add
 * them: queue `control.<clusterId>` under the prefix `myzel`, job name = task type, job data =
 * payload. Fields are named as in the REST API (camelCase); each also answers to its snake_case
 * spelling, which producers written for the original design send. `clusterId`, when given, must
 * be the queue's cluster. A key a payload does not declare is refused by name (a misspelt
 * `targetWorker` must not pass unnoticed).
 */
import { z } from "zod";
import { canonicalFieldNames, type FieldShape, withAliasProperties } from "../domain/input/field-aliases";
import { delegateRequestSchema } from "./agent-protocol";
import { agentAddInput, oneScaleForm, scaleRequestFields } from "./cluster-api";
import { oneTarget, taskFields } from "./task-api";

const clusterId = z.string().optional().describe("when given, must be the queue's cluster");

export const controlTaskSchemas = {
  task: z.strictObject({ clusterId, ...taskFields }).refine(...oneTarget),
  spawn_agent: z.strictObject({
    clusterId,
    agentDef: agentAddInput.omit({ id: true }).describe("the agent to add, as POST /api/clusters/{id}/agents takes it"),
  }),
  scale_cluster: z.strictObject({ clusterId, ...scaleRequestFields }).refine(...oneScaleForm),
  delegate_task: delegateRequestSchema.describe("sent by agents that delegate; not for other producers"),
  health_check: z.strictObject({ clusterId }),
  collect_metrics: z.strictObject({ clusterId }),
} as const;

export type ControlTaskType = keyof typeof controlTaskSchemas;
export const CONTROL_TASK_TYPES = Object.keys(controlTaskSchemas) as ControlTaskType[];

export type ControlTask = {
  [K in ControlTaskType]: { type: K; data: z.output<(typeof controlTaskSchemas)[K]> };
}[ControlTaskType];

/** The field names of an object schema, followed into the objects it holds (not into records or `payload`). */
function shapeOf(schema: z.core.$ZodType): FieldShape | null {
  const def = schema._zod.def as z.core.$ZodTypeDef & { innerType?: z.core.$ZodType; shape?: object };
  if (def.type === "object")
    return Object.fromEntries(
      Object.entries(def.shape as Record<string, z.core.$ZodType>).map(([key, field]) => [key, shapeOf(field)]),
    );
  return def.innerType ? shapeOf(def.innerType) : null;
}

const shapes = Object.fromEntries(
  CONTROL_TASK_TYPES.map((type) => [type, shapeOf(controlTaskSchemas[type])!]),
) as Record<ControlTaskType, FieldShape>;

const isControlTaskType = (name: string): name is ControlTaskType => Object.hasOwn(controlTaskSchemas, name);

/** A job as a control queue receives it (name and data), checked; the reason names every fault and where. */
export function parseControlTask(
  name: string,
  data: unknown,
): { ok: true; task: ControlTask } | { ok: false; reason: string } {
  if (!isControlTaskType(name))
    return { ok: false, reason: `unknown task type "${name}"; known: ${CONTROL_TASK_TYPES.join(", ")}` };
  const named = canonicalFieldNames(data, shapes[name]);
  const parsed = named.ok ? controlTaskSchemas[name].safeParse(named.value) : null;
  if (parsed?.success) return { ok: true, task: { type: name, data: parsed.data } as ControlTask };
  const issues = named.ok ? parsed!.error!.issues : named.issues;
  const faults = issues.map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`);
  return { ok: false, reason: `malformed ${name} payload: ${faults.join("; ")}` };
}

export const CONTROL_JOB_SCHEMA_PATH = "/schemas/control-job.json";

/** The published JSON Schema of a control job ({ name, data }), generated from controlTaskSchemas. */
export function controlJobJsonSchema(id: string = CONTROL_JOB_SCHEMA_PATH): Record<string, unknown> {
  const { $schema, anyOf, ...rest } = z.toJSONSchema(
    z.union(
      CONTROL_TASK_TYPES.map((type) => z.strictObject({ name: z.literal(type), data: controlTaskSchemas[type] })),
    ),
    { io: "input" },
  );
  const jobs = (anyOf as Record<string, unknown>[]).map((job, i) => {
    const properties = job.properties as { name: object; data: Record<string, unknown> };
    const data = withAliasProperties(properties.data, shapes[CONTROL_TASK_TYPES[i]!]);
    return { ...job, properties: { ...properties, data } };
  });
  return {
    $schema,
    $id: id,
    title: "Myzel control-queue job",
    description:
      "A BullMQ job on queue control.<clusterId> (prefix myzel): name is the task type, data its payload. Field names are camelCase as in the REST API; their snake_case spellings are accepted too, never both at once.",
    ...rest,
    anyOf: jobs,
  };
}

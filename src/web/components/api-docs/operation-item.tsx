import { ChevronRight } from "lucide-react";
import { FieldTable } from "./field-table";
import { MethodBadge } from "./method-badge";
import { describeType, type Endpoint, fieldRows, type OpenApiDocument } from "./openapi";

/** One endpoint: a summary line that opens to its parameters, body and response fields. */
export function OperationItem({ doc, endpoint }: { doc: OpenApiDocument; endpoint: Endpoint }) {
  const { method, path, operation } = endpoint;
  const parameters = operation.parameters ?? [];
  const body = Object.entries(operation.requestBody?.content ?? {})[0];
  const ok = Object.entries(operation.responses ?? {}).find(([status]) => status.startsWith("2"));
  const okSchema = ok?.[1].content?.["application/json"]?.schema;
  const errors = Object.entries(operation.responses ?? {}).filter(([status]) => !status.startsWith("2"));
  const responseType = describeType(doc, okSchema);

  return (
    <details
      className="group border-b border-zinc-200 last:border-0 dark:border-zinc-800"
      data-testid="api-operation"
      id={operation.operationId}
    >
      <summary className="flex cursor-pointer list-none items-center gap-3 px-4 py-2.5 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-emerald-500 dark:hover:bg-zinc-800/40 [&::-webkit-details-marker]:hidden">
        <ChevronRight
          className="size-3.5 shrink-0 text-zinc-400 transition-transform group-open:rotate-90"
          aria-hidden
        />
        <MethodBadge method={method} />
        <code className="font-mono text-[13px] font-medium text-zinc-900 dark:text-zinc-100">{path}</code>
        <span className="ml-auto hidden truncate text-right text-sm text-zinc-500 sm:block dark:text-zinc-400">
          {operation.summary}
        </span>
      </summary>
      <div className="space-y-4 px-4 pt-1 pb-5 sm:pl-[6.6rem]">
        <div className="text-sm text-zinc-700 dark:text-zinc-300">
          <p className="sm:hidden">{operation.summary}</p>
          {operation.description && <p className="mt-1 text-zinc-600 dark:text-zinc-400">{operation.description}</p>}
        </div>
        <FieldTable
          caption="Parameters"
          rows={parameters.map((parameter) => ({
            path: `${parameter.in}.${parameter.name}`,
            name: parameter.name,
            depth: 0,
            type: `${describeType(doc, parameter.schema)} · ${parameter.in}`,
            required: parameter.required ?? false,
            description: parameter.description ?? parameter.schema?.description,
            values: parameter.schema?.enum?.map(String),
            defaultValue:
              parameter.schema?.default !== undefined ? JSON.stringify(parameter.schema.default) : undefined,
          }))}
        />
        {body && <FieldTable caption={`Request body · ${body[0]}`} rows={fieldRows(doc, body[1].schema)} />}
        {ok && (
          <FieldTable
            caption={`Response ${ok[0]}${responseType.startsWith("array") ? " · array" : ""}`}
            rows={fieldRows(doc, okSchema)}
          />
        )}
        {errors.length > 0 && (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Errors:{" "}
            {errors.map(([status, response], index) => (
              <span key={status}>
                {index > 0 && " · "}
                <span className="font-mono">{status}</span> {response.description}
              </span>
            ))}
            . Bodies are problem details (<code className="font-mono">application/problem+json</code>):{" "}
            <code className="font-mono">{"{ type, title, status, detail, code, issues? }"}</code>, each issue with a
            JSON Pointer to its field.
          </p>
        )}
      </div>
    </details>
  );
}

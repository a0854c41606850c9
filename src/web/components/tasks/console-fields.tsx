"use client";
/** The task console's parts that are not the form itself: what each target offers, the payload format switch. */
import clsx from "clsx";
import type { Agent } from "../../lib/api-types";
import type { BlueprintRole } from "../../lib/blueprint-roles";
import type { ConsoleForm, TargetKind } from "./console-request";

export const PROBLEM_LABEL = {
  target: "Target",
  body: "Payload",
  timeout: "Timeout",
  attempts: "Attempts",
  priority: "Priority",
} as const;

/** What the second select offers for each kind of target. */
export function targetOptions(
  target: TargetKind,
  roles: BlueprintRole[] | undefined,
  agents: Agent[] | undefined,
): Array<{ value: string; label: string }> {
  if (target === "role") return (roles ?? []).map((r) => ({ value: r.role, label: `${r.name} (${r.role})` }));
  if (target === "capability")
    return [...new Set((roles ?? []).flatMap((r) => r.capabilities ?? []))].sort().map((c) => ({ value: c, label: c }));
  return (agents ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.key})` }));
}

/** Text or JSON: how the payload box is read. */
export function ConsoleFormat({
  value,
  onChange,
}: {
  value: ConsoleForm["format"];
  onChange: (format: ConsoleForm["format"]) => void;
}) {
  return (
    <fieldset className="flex h-8 items-center rounded-md border border-zinc-300 p-0.5 text-xs dark:border-zinc-700">
      <legend className="sr-only">Payload format</legend>
      {(["text", "json"] as const).map((format) => (
        <label
          key={format}
          className={clsx(
            "cursor-pointer rounded px-2 py-1 font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-emerald-500",
            value === format
              ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
              : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
          )}
        >
          <input
            type="radio"
            name="console-format"
            value={format}
            checked={value === format}
            onChange={() => onChange(format)}
            className="sr-only"
          />
          {format === "text" ? "Text" : "JSON"}
        </label>
      ))}
    </fieldset>
  );
}

"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Loader2, Send } from "lucide-react";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage, fieldErrors } from "../../lib/api-error";
import type { Cluster, Task } from "../../lib/api-types";
import type { BlueprintRole } from "../../lib/blueprint-roles";
import { formatDuration } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { describedBy, Field, Select, Textarea } from "../ui/field";
import { Panel } from "../ui/panel";
import { StatusBadge } from "../ui/status-badge";
import { promptOf, shortId } from "./task-text";

interface TaskConsoleProps {
  cluster: Cluster;
  roles: BlueprintRole[] | undefined;
  /** The task this page follows down the tree, and its parts. */
  followed: string | undefined;
  family: Task[];
  onSubmitted: (taskId: string) => void;
}

/** Send a task to a role and watch it: the agents holding it light up in the tree until it comes back. */
export function TaskConsole({ cluster, roles, followed, family, onSubmitted }: TaskConsoleProps) {
  const trpc = useTRPC();
  const { canOperate } = usePermissions();
  const [role, setRole] = useState("");
  const [prompt, setPrompt] = useState("");
  const chosen = role || roles?.[0]?.role || "";
  const submit = useMutation(
    trpc.tasks.submit.mutationOptions({
      onSuccess: (task) => {
        onSubmitted(task.id);
        setPrompt("");
      },
    }),
  );
  const root = family.find((task) => task.id === followed);
  const parts = family.filter((task) => task.id !== followed);
  const finishedParts = parts.filter((task) => ["SUCCEEDED", "FAILED", "CANCELLED"].includes(task.status)).length;
  const closed = cluster.deletedAt !== null || cluster.status === "DESTROYING" || cluster.status === "DESTROYED";
  const errors = fieldErrors(submit.error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen || !prompt.trim()) return;
    submit.mutate({ id: cluster.id, role: chosen, payload: { prompt: prompt.trim() } });
  };

  return (
    <Panel
      title="Task console"
      description="Send a task to a role and watch it go down the tree and back"
      id="task-console"
    >
      <form onSubmit={onSubmit} aria-label="Submit a task" className="flex flex-col gap-3">
        <Field id="console-role" label="Role" error={errors.role}>
          <Select
            id="console-role"
            value={chosen}
            onChange={(event) => setRole(event.target.value)}
            disabled={!roles || closed}
            aria-describedby={describedBy("console-role", errors.role)}
          >
            {(roles ?? []).map((r) => (
              <option key={r.role} value={r.role}>
                {r.name} ({r.role})
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="console-prompt"
          label="Prompt"
          hint={
            closed ? "This cluster takes no more tasks." : "Sent as { prompt }; a hibernated cluster wakes up for it."
          }
        >
          <Textarea
            id="console-prompt"
            rows={3}
            value={prompt}
            onChange={(event) => setPrompt(event.target.value)}
            placeholder="What should the agents do?"
            disabled={closed}
            aria-describedby={describedBy("console-prompt", undefined, "hint")}
          />
        </Field>
        {submit.error && !errors.role && <Alert>{errorMessage(submit.error)}</Alert>}
        <div className="flex justify-end">
          <Button
            type="submit"
            variant="primary"
            size="sm"
            disabled={!canOperate || closed || !prompt.trim() || !chosen || submit.isPending}
            title={canOperate ? undefined : "Your role may not submit tasks"}
          >
            {submit.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Send aria-hidden />}
            Submit task
          </Button>
        </div>
      </form>

      {followed && (
        <div
          className="mt-4 rounded-md border border-zinc-200 bg-zinc-50/60 p-3 dark:border-zinc-800 dark:bg-zinc-900"
          data-testid="followed-task"
          aria-live="polite"
        >
          <div className="flex items-center gap-2">
            <Link
              href={`/tasks/${followed}`}
              className="font-mono text-xs text-zinc-700 hover:underline dark:text-zinc-300"
            >
              {shortId(followed)}
            </Link>
            {root && <StatusBadge kind="task" status={root.status} />}
            {root?.durationMs != null && (
              <span className="ml-auto text-xs text-zinc-500 tabular-nums">{formatDuration(root.durationMs)}</span>
            )}
          </div>
          <p className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">
            {parts.length === 0 ? "Not delegated (yet)." : `Delegated in ${parts.length} parts, ${finishedParts} back.`}
          </p>
          {root?.status === "SUCCEEDED" && (
            <pre className="mt-2 max-h-32 overflow-auto rounded bg-white p-2 font-mono text-[11px] whitespace-pre-wrap text-zinc-700 dark:bg-zinc-950 dark:text-zinc-300">
              {JSON.stringify(root.result, null, 2)}
            </pre>
          )}
          {root?.status === "FAILED" && <p className="mt-2 text-xs text-red-700 dark:text-red-400">{root.error}</p>}
        </div>
      )}
    </Panel>
  );
}

/** A cluster's latest tasks, as they come and finish. */
export function RecentTasks({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const tasks = useQuery(trpc.tasks.list.queryOptions({ clusterId, rootsOnly: true, limit: 8 }));
  return (
    <Panel
      title="Recent tasks"
      id="recent-tasks"
      bodyClassName=""
      actions={
        <Link
          href={`/tasks?cluster=${clusterId}`}
          className="text-xs text-zinc-500 hover:text-zinc-900 hover:underline dark:hover:text-zinc-100"
        >
          All
        </Link>
      }
    >
      {!tasks.data || tasks.data.items.length === 0 ? (
        <p className="px-4 py-5 text-center text-sm text-zinc-500">{tasks.isPending ? "Loading…" : "No tasks yet."}</p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {tasks.data.items.map((task) => (
            <li key={task.id} data-testid="recent-task" data-task-id={task.id}>
              <Link
                href={`/tasks/${task.id}`}
                className="flex h-10 items-center gap-2 px-4 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/40"
              >
                <span className="min-w-0 flex-1 truncate text-zinc-800 dark:text-zinc-200">
                  {promptOf(task) || task.type}
                </span>
                <StatusBadge kind="task" status={task.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

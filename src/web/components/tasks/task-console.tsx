"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Loader2, Send } from "lucide-react";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage, fieldErrors } from "../../lib/api-error";
import type { Agent, Cluster, Task } from "../../lib/api-types";
import type { BlueprintRole } from "../../lib/blueprint-roles";
import { formatDuration } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { CopyButton } from "../ui/copy-button";
import { describedBy, Field, Input, Select, Textarea } from "../ui/field";
import { Panel } from "../ui/panel";
import { StatusBadge } from "../ui/status-badge";
import { ConsoleFormat, PROBLEM_LABEL, targetOptions } from "./console-fields";
import { type ConsoleForm, consoleRequest, curlFor, type TargetKind } from "./console-request";
import { promptOf, shortId } from "./task-text";

interface TaskConsoleProps {
  cluster: Cluster;
  roles: BlueprintRole[] | undefined;
  /** The cluster's agents, to send a task to one of them. */
  agents: Agent[] | undefined;
  /** The task this page follows down the tree, and its parts. */
  followed: string | undefined;
  family: Task[];
  onSubmitted: (taskId: string) => void;
}

const TARGET_LABEL: Record<TargetKind, string> = { role: "Role", capability: "Capability", agentId: "Agent" };

/**
 * Send a task and watch it: to a role, a capability or one agent, as text or JSON, with a
 * timeout, attempts and a session when wanted; Ctrl/⌘+Enter sends, and the same request can
 * be copied as curl. The agents holding it light up in the tree until it comes back.
 */
export function TaskConsole({ cluster, roles, agents, followed, family, onSubmitted }: TaskConsoleProps) {
  const trpc = useTRPC();
  const { canOperate } = usePermissions();
  const [target, setTarget] = useState<TargetKind>("role");
  const [value, setValue] = useState("");
  const [format, setFormat] = useState<ConsoleForm["format"]>("text");
  const [body, setBody] = useState("");
  const [timeoutSeconds, setTimeoutSeconds] = useState("");
  const [attempts, setAttempts] = useState("");
  const [priority, setPriority] = useState("");
  const [sessionKey, setSessionKey] = useState("");
  const options = targetOptions(target, roles, agents);
  const chosen = options.some((option) => option.value === value) ? value : (options[0]?.value ?? "");
  const submit = useMutation(
    trpc.tasks.submit.mutationOptions({
      onSuccess: (task) => {
        onSubmitted(task.id);
        setBody("");
      },
    }),
  );
  const root = family.find((task) => task.id === followed);
  const parts = family.filter((task) => task.id !== followed);
  const finishedParts = parts.filter((task) => ["SUCCEEDED", "FAILED", "CANCELLED"].includes(task.status)).length;
  const closed = cluster.deletedAt !== null || cluster.status === "DESTROYING" || cluster.status === "DESTROYED";
  const errors = fieldErrors(submit.error);
  const built = consoleRequest({
    target,
    targetValue: chosen,
    format,
    body,
    timeoutSeconds,
    attempts,
    priority,
    sessionKey,
  });
  const problem = "problem" in built && body.trim() ? built.problem : undefined;
  const origin = typeof window === "undefined" ? "" : window.location.origin;

  const send = () => {
    if (!canOperate || closed || submit.isPending || !("request" in built)) return;
    submit.mutate({ id: cluster.id, ...built.request });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  return (
    <Panel
      title="Task console"
      description="Send a task to a role, a capability or an agent and watch it go down the tree and back"
      id="task-console"
      actions={
        "request" in built && <CopyButton text={curlFor(origin, cluster.id, built.request)} label="Copy as curl" />
      }
    >
      <form onSubmit={onSubmit} aria-label="Submit a task" className="flex flex-col gap-3">
        <div className="grid grid-cols-[8rem_1fr] gap-2">
          <Field id="console-target" label="Send to">
            <Select
              id="console-target"
              value={target}
              onChange={(event) => setTarget(event.target.value as TargetKind)}
              disabled={closed}
            >
              <option value="role">a role</option>
              <option value="capability">a capability</option>
              <option value="agentId">an agent</option>
            </Select>
          </Field>
          <Field id="console-role" label={TARGET_LABEL[target]} error={errors.role}>
            <Select
              id="console-role"
              value={chosen}
              onChange={(event) => setValue(event.target.value)}
              disabled={options.length === 0 || closed}
              aria-describedby={describedBy("console-role", errors.role)}
            >
              {options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field
          id="console-prompt"
          label={format === "json" ? "Payload (JSON)" : "Prompt"}
          error={problem?.field === "body" ? problem.message : undefined}
          hint={
            closed
              ? "This cluster takes no more tasks."
              : format === "json"
                ? "Sent as it is. Ctrl+Enter (⌘+Enter) sends."
                : "Sent as { prompt }; a hibernated cluster wakes up for it. Ctrl+Enter (⌘+Enter) sends."
          }
        >
          <Textarea
            id="console-prompt"
            rows={format === "json" ? 5 : 3}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                send();
              }
            }}
            placeholder={format === "json" ? '{ "prompt": "…", "data": [1, 2, 3] }' : "What should the agents do?"}
            disabled={closed}
            spellCheck={format === "text"}
            className={format === "json" ? "font-mono text-xs" : undefined}
            aria-invalid={problem?.field === "body" ? true : undefined}
            aria-describedby={describedBy(
              "console-prompt",
              problem?.field === "body" ? problem.message : undefined,
              "hint",
            )}
          />
        </Field>
        <div className="flex flex-wrap items-end gap-2">
          <ConsoleFormat value={format} onChange={setFormat} />
          <Field id="console-timeout" label="Timeout (s)" className="w-24">
            <Input
              id="console-timeout"
              inputMode="numeric"
              value={timeoutSeconds}
              onChange={(event) => setTimeoutSeconds(event.target.value)}
              placeholder="default"
              aria-invalid={problem?.field === "timeout" ? true : undefined}
            />
          </Field>
          <Field id="console-attempts" label="Attempts" className="w-20">
            <Input
              id="console-attempts"
              inputMode="numeric"
              value={attempts}
              onChange={(event) => setAttempts(event.target.value)}
              placeholder="3"
              aria-invalid={problem?.field === "attempts" ? true : undefined}
            />
          </Field>
          <Field id="console-priority" label="Priority" className="w-20">
            <Input
              id="console-priority"
              inputMode="numeric"
              value={priority}
              onChange={(event) => setPriority(event.target.value)}
              placeholder="5"
              aria-invalid={problem?.field === "priority" ? true : undefined}
            />
          </Field>
          <Field id="console-session" label="Session key" className="min-w-28 flex-1">
            <Input
              id="console-session"
              value={sessionKey}
              onChange={(event) => setSessionKey(event.target.value)}
              placeholder="none"
            />
          </Field>
        </div>
        {problem && problem.field !== "body" && <Alert>{`${PROBLEM_LABEL[problem.field]}: ${problem.message}`}</Alert>}
        {submit.error && !errors.role && <Alert>{errorMessage(submit.error)}</Alert>}
        <div className="flex justify-end">
          <Button
            type="submit"
            variant="primary"
            size="sm"
            disabled={!canOperate || closed || !("request" in built) || submit.isPending}
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
              <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400 tabular-nums">
                {formatDuration(root.durationMs)}
              </span>
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
          className="text-xs text-zinc-500 dark:text-zinc-400 hover:text-zinc-900 hover:underline dark:hover:text-zinc-100"
        >
          All
        </Link>
      }
    >
      {!tasks.data || tasks.data.items.length === 0 ? (
        <p className="px-4 py-5 text-center text-sm text-zinc-500 dark:text-zinc-400">
          {tasks.isPending ? "Loading…" : "No tasks yet."}
        </p>
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

/** `myzel tasks submit|get|list|wait|cancel|tail`. */
import type { Command } from "commander";
import { TASK_STATUSES } from "../../schemas/task-api";
import type { Task, TaskWait } from "../answers";
import { act, jsonOrText, seconds, wholeNumber } from "../command-kit";
import { type CliContext, usageError } from "../context";
import { EXIT, type ExitCode } from "../exit-codes";
import { duration, paintStatus, table } from "../output";
import { clusterIdOf, waitForTask } from "../waiting";

type TaskStatus = Task["status"];
const DEFAULT_WAIT_MS = 60_000;

interface SubmitOptions {
  role?: string;
  capability?: string;
  agent?: string;
  type?: string;
  payload?: unknown;
  prompt?: string;
  session?: string;
  taskTimeout?: number;
  attempts?: number;
  priority?: number;
  wait?: boolean;
  timeout: number;
}

export function tasksCommands(program: Command): void {
  const tasks = program.command("tasks").alias("task").description("tasks: submit, follow, wait for, cancel");

  tasks
    .command("submit <cluster>")
    .description("give a cluster a task; prints its id (with --wait, its result)")
    .option("--role <role>", "send to an agent of this role")
    .option("--capability <capability>", "send to an agent with this capability")
    .option("--agent <id>", "send to this agent")
    .option("--type <type>", "the task's type")
    .option("--payload <json>", "the payload: JSON, or a plain string", jsonOrText)
    .option("--prompt <text>", "shorthand for --payload '{\"prompt\": TEXT}'")
    .option("--session <key>", "tasks with the same key go to the same agent")
    .option("--task-timeout <seconds>", "how long an attempt may run", seconds)
    .option("--attempts <n>", "attempts at most", wholeNumber)
    .option("--priority <n>", "1 to 10, 10 the most urgent (default 5)", wholeNumber)
    .option("--wait", "wait for the result (exit 1 when it failed or was cancelled)")
    .option("--timeout <seconds>", "with --wait: give up after this long (exit 9)", seconds, DEFAULT_WAIT_MS)
    .action(
      act<SubmitOptions>(async (ctx, options, reference) => {
        if (options.payload !== undefined && options.prompt !== undefined)
          throw usageError("give either --payload or --prompt");
        const task = await ctx.client.tasks.submit.mutate({
          id: await clusterIdOf(ctx, reference),
          role: options.role,
          capability: options.capability,
          agentId: options.agent,
          type: options.type,
          payload: options.prompt !== undefined ? { prompt: options.prompt } : options.payload,
          sessionKey: options.session,
          timeoutMs: options.taskTimeout,
          maxAttempts: options.attempts,
          priority: options.priority,
        });
        if (!options.wait) {
          ctx.print(task, (t) => t.id);
          return EXIT.ok;
        }
        ctx.note(`Task ${task.id} ${task.status}; waiting for its result…`);
        return finished(ctx, await waitForTask(ctx, task.id, options.timeout));
      }),
    );

  tasks
    .command("get <task>")
    .description("one task with its result or error")
    .action(
      act(async (ctx, _options, id) => {
        ctx.print(await ctx.client.tasks.get.query({ id }), (t) => describeTask(ctx, t));
        return EXIT.ok;
      }),
    );

  tasks
    .command("list")
    .description("tasks, newest first")
    .option("--cluster <cluster>", "of this cluster (id or name)")
    .option("--status <status>", `only this status (${TASK_STATUSES.join(", ")})`)
    .option("--roots", "only submitted tasks, not the subtasks delegated from them")
    .option("--limit <n>", "at most this many (up to 200)", wholeNumber, 50)
    .action(
      act<{ cluster?: string; status?: TaskStatus; roots?: boolean; limit: number }>(async (ctx, options) => {
        const page = await ctx.client.tasks.list.query({
          clusterId: options.cluster ? await clusterIdOf(ctx, options.cluster) : undefined,
          status: options.status,
          rootsOnly: Boolean(options.roots),
          limit: options.limit,
        });
        ctx.print(page.items, (items) =>
          table(
            ["ID", "STATUS", "TARGET", "TYPE", "ATTEMPTS", "DURATION", "CREATED"],
            items.map((t) => [
              t.id,
              paintStatus(t.status, ctx.colors),
              `${t.target.kind}${t.target.value ? `:${t.target.value}` : ""}`,
              t.type,
              `${t.attempts}/${t.maxAttempts}`,
              duration(t.durationMs),
              t.createdAt,
            ]),
            ctx.colors,
          ),
        );
        return EXIT.ok;
      }),
    );

  tasks
    .command("wait <task>")
    .description("wait until the task has finished (exit 1 when it failed or was cancelled)")
    .option("--timeout <seconds>", "give up after this long (exit 9)", seconds, DEFAULT_WAIT_MS)
    .action(
      act<{ timeout: number }>(async (ctx, options, id) => finished(ctx, await waitForTask(ctx, id, options.timeout))),
    );

  tasks
    .command("cancel <task>")
    .description("cancel a task that has not finished")
    .action(
      act(async (ctx, _options, id) => {
        ctx.print(await ctx.client.tasks.cancel.mutate({ id }), (t) => `Task ${t.id} is ${t.status}.`);
        return EXIT.ok;
      }),
    );

  tasks
    .command("tail <cluster>")
    .description("follow the cluster's tasks as they are submitted, start and finish")
    .option("--task <id>", "only this task and its subtasks; ends when it has finished")
    .action(
      act<{ task?: string }>(async (ctx, options, reference) => {
        const clusterId = await clusterIdOf(ctx, reference);
        const events = ctx.client.events({ clusterId });
        process.once("SIGINT", () => events.close());
        process.once("SIGTERM", () => events.close());
        // A task that finished before the subscription took hold is answered from the record.
        if (options.task) {
          const current = await ctx.client.tasks.get.query({ id: options.task });
          if (["SUCCEEDED", "FAILED", "CANCELLED"].includes(current.status)) {
            events.close();
            return finished(ctx, { ...current, timedOut: false });
          }
        }
        const follow = new Set(options.task ? [options.task] : []);
        const line = (at: string, id: string, what: string) =>
          ctx.print({ at, taskId: id, event: what }, () => `${at.slice(11, 23)}  ${id}  ${what}`);
        for await (const message of events) {
          if (message.type === "resync") {
            ctx.note("(events were lost while disconnected)");
            continue;
          }
          const mine = (id: string) => !options.task || follow.has(id);
          if (message.type === "tasks.submitted") {
            if (options.task && message.rootTaskId && follow.has(message.rootTaskId))
              for (const id of message.taskIds) follow.add(id);
            for (const id of message.taskIds) if (mine(id)) line(message.at, id, "submitted");
          } else if (message.type === "tasks.started") {
            for (const t of message.tasks) if (mine(t.id)) line(message.at, t.id, `started on agent ${t.agentId}`);
          } else if (message.type === "tasks.finished") {
            for (const t of message.tasks) if (mine(t.id)) line(message.at, t.id, paintStatus(t.status, ctx.colors));
            if (options.task && message.tasks.some((t) => t.id === options.task)) {
              events.close();
              return finished(ctx, await waitForTask(ctx, options.task, 0), { quiet: true });
            }
          }
        }
        return EXIT.ok;
      }),
    );
}

/** The task's outcome as output and exit code: 0 succeeded, 1 failed or cancelled, 9 not finished in time. */
function finished(ctx: CliContext, task: TaskWait, { quiet = false } = {}): ExitCode {
  if (!quiet) ctx.print(task, (t) => describeTask(ctx, t));
  if (task.timedOut) return EXIT.timeout;
  return task.status === "SUCCEEDED" ? EXIT.ok : EXIT.failed;
}

function describeTask(ctx: CliContext, t: Task & { timedOut?: boolean }): string {
  const lines = [
    `${ctx.colors.bold(`Task ${t.id}`)}  ${paintStatus(t.status, ctx.colors)}${t.timedOut ? ctx.colors.yellow(" (still running when the wait ended)") : ""}`,
    `  cluster   ${t.clusterId}   target ${t.target.kind}${t.target.value ? `:${t.target.value}` : ""}   agent ${t.agentId ?? "-"}`,
    `  attempts  ${t.attempts}/${t.maxAttempts}   duration ${duration(t.durationMs)}`,
  ];
  if (t.error) lines.push(`  error     ${ctx.colors.red(t.error)}`);
  if (t.result !== null && t.result !== undefined)
    lines.push(
      `  result    ${typeof t.result === "string" ? t.result : JSON.stringify(t.result, null, 2).replace(/\n/g, "\n            ")}`,
    );
  return lines.join("\n");
}

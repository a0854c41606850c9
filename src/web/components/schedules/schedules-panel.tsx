"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { Schedule, ScheduleRun } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { PriorityBadge } from "../tasks/priority-badge";
import { shortId } from "../tasks/task-text";
import { Badge, type Tone } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Panel } from "../ui/panel";
import { RelativeTime } from "../ui/relative-time";
import { Skeleton } from "../ui/skeleton";
import { StatusBadge } from "../ui/status-badge";
import { ScheduleDialog } from "./schedule-dialog";

/** Runs come as often as every second: the list is read about as often. */
const REFRESH_MS = 2000;

const OUTCOME_TONE: Record<ScheduleRun["outcome"], Tone> = { submitted: "green", skipped: "neutral", failed: "red" };

function RunLine({ run }: { run: ScheduleRun }) {
  return (
    <li
      className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400"
      data-testid="schedule-run"
    >
      <span className="tabular-nums" title={formatDateTime(run.plannedAt)}>
        <RelativeTime at={run.plannedAt} />
      </span>
      {run.taskId ? (
        <Link href={`/tasks/${run.taskId}`} className="font-mono text-zinc-900 hover:underline dark:text-zinc-100">
          task {shortId(run.taskId)}
        </Link>
      ) : (
        <Badge tone={OUTCOME_TONE[run.outcome]}>{run.outcome}</Badge>
      )}
      {run.taskStatus && <StatusBadge kind="task" status={run.taskStatus} />}
      {run.reason && <span className="truncate">{run.reason}</span>}
    </li>
  );
}

function ScheduleItem({
  schedule,
  canOperate,
  onEdit,
  onDelete,
}: {
  schedule: Schedule;
  canOperate: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toggle = useMutation(
    trpc.schedules.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.schedules.list.queryFilter({ id: schedule.clusterId })),
    }),
  );
  return (
    <li className="flex flex-col gap-2 px-4 py-3" data-testid="schedule" data-schedule-id={schedule.id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <span className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">{schedule.name}</span>
          <code className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{schedule.cron}</code>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{schedule.timezone}</span>
          <PriorityBadge priority={schedule.task.priority ?? 5} />
          {!schedule.enabled && <Badge>disabled</Badge>}
        </div>
        {canOperate && (
          <div className="flex items-center gap-1">
            <Button
              size="sm"
              variant="ghost"
              disabled={toggle.isPending}
              onClick={() =>
                toggle.mutate({ id: schedule.clusterId, scheduleId: schedule.id, enabled: !schedule.enabled })
              }
            >
              {schedule.enabled ? "Disable" : "Enable"}
            </Button>
            <Button size="sm" variant="ghost" onClick={onEdit}>
              Edit
            </Button>
            <Button size="sm" variant="ghost" onClick={onDelete}>
              Delete
            </Button>
          </div>
        )}
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="schedule-next">
        {schedule.nextRunAt ? (
          <>
            Next run {formatDateTime(schedule.nextRunAt)} (<RelativeTime at={schedule.nextRunAt} />)
          </>
        ) : (
          "No next run while disabled"
        )}
        {` · ${schedule.task.role ? `to ${schedule.task.role}` : "to any agent"} · missed runs: ${schedule.missedRuns.replace("_", " ")}`}
      </p>
      {schedule.recentRuns.length > 0 && (
        <ul aria-label={`Newest runs of ${schedule.name}`} className="flex flex-col gap-1">
          {schedule.recentRuns.map((run) => (
            <RunLine key={run.id} run={run} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** A cluster's schedules: when each runs next, its newest runs linked to their tasks, and (for operators) the form. */
export function SchedulesPanel({
  clusterId,
  roles,
  canOperate,
}: {
  clusterId: string;
  roles: string[];
  canOperate: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schedules = useQuery({ ...trpc.schedules.list.queryOptions({ id: clusterId }), refetchInterval: REFRESH_MS });
  const [editing, setEditing] = useState<Schedule | "new">();
  const [deleting, setDeleting] = useState<Schedule>();
  const remove = useMutation(
    trpc.schedules.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(undefined);
        await queryClient.invalidateQueries(trpc.schedules.list.queryFilter({ id: clusterId }));
      },
    }),
  );

  return (
    <Panel
      id="schedules"
      title="Schedules"
      description="Tasks given to this cluster on a cron expression"
      bodyClassName=""
      actions={
        canOperate && (
          <Button size="sm" variant="primary" onClick={() => setEditing("new")}>
            New schedule
          </Button>
        )
      }
    >
      {schedules.isPending ? (
        <div className="p-4">
          <Skeleton className="h-9 w-full" />
        </div>
      ) : schedules.isError ? (
        <p className="px-4 py-5 text-sm text-red-700 dark:text-red-400">Could not load the schedules.</p>
      ) : schedules.data.items.length === 0 ? (
        <p className="px-4 py-5 text-center text-sm text-zinc-500 dark:text-zinc-400">No schedules.</p>
      ) : (
        <ul aria-label="Schedules" className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {schedules.data.items.map((schedule) => (
            <ScheduleItem
              key={schedule.id}
              schedule={schedule}
              canOperate={canOperate}
              onEdit={() => setEditing(schedule)}
              onDelete={() => setDeleting(schedule)}
            />
          ))}
        </ul>
      )}
      {editing && (
        <ScheduleDialog
          key={editing === "new" ? "new" : editing.id}
          clusterId={clusterId}
          roles={roles}
          schedule={editing === "new" ? undefined : editing}
          open
          onClose={() => setEditing(undefined)}
        />
      )}
      <ConfirmDialog
        open={!!deleting}
        title={`Delete ${deleting?.name ?? "schedule"}?`}
        description="Its runs' record goes with it; the tasks they submitted stay."
        confirm="Delete schedule"
        tone="danger"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate({ id: clusterId, scheduleId: deleting.id })}
        onClose={() => setDeleting(undefined)}
      />
    </Panel>
  );
}

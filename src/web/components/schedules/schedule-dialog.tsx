"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { errorIssues, errorMessage, fieldErrors } from "../../lib/api-error";
import type { Schedule } from "../../lib/api-types";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Dialog } from "../ui/dialog";
import { controlProps, Field, Input, Select, Textarea } from "../ui/field";
import { FormActions } from "../ui/submit-button";

const POLICIES = [
  ["run_once", "Run once — the newest missed run"],
  ["run_all", "Run all — every missed run (at most 100)"],
  ["skip", "Skip — missed runs are left out"],
] as const;
type Policy = (typeof POLICIES)[number][0];

/** The prompt a schedule's task asks: a string payload or its `prompt` field. */
export function promptOfSchedule(schedule: Schedule | undefined): string {
  const payload = schedule?.task.payload;
  if (typeof payload === "string") return payload;
  if (payload && typeof payload === "object" && "prompt" in payload) return String(payload.prompt);
  return payload === undefined || payload === null ? "" : JSON.stringify(payload);
}

interface ScheduleDialogProps {
  clusterId: string;
  roles: string[];
  /** The schedule to change; a new one when absent. */
  schedule?: Schedule;
  open: boolean;
  onClose: () => void;
}

/** Creates a schedule, or changes one: when, in which timezone, which task, and what to do with missed runs. */
export function ScheduleDialog({ clusterId, roles, schedule, open, onClose }: ScheduleDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = async () => {
    await queryClient.invalidateQueries(trpc.schedules.list.queryFilter({ id: clusterId }));
    onClose();
  };
  const create = useMutation(trpc.schedules.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.schedules.update.mutationOptions({ onSuccess }));
  const mutation = schedule ? update : create;
  const errors = fieldErrors(mutation.error);
  // The task's fields sit under /task/…: each shows under its own control.
  const taskError = (field: string) => errorIssues(mutation.error).find((i) => i.path === `/task/${field}`)?.message;
  const roleError = taskError("role") ?? taskError("capability");
  const priorityError = taskError("priority");
  const shownUnderAField =
    Object.keys(errors).some((field) => field !== "task") || roleError !== undefined || priorityError !== undefined;
  const close = () => {
    mutation.reset();
    onClose();
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const role = String(form.get("role"));
    const fields = {
      name: String(form.get("name")),
      cron: String(form.get("cron")),
      timezone: String(form.get("timezone")) || "UTC",
      missedRuns: String(form.get("missedRuns")) as Policy,
      enabled: form.get("enabled") === "on",
      task: {
        ...(role ? { role } : {}),
        payload: { prompt: String(form.get("prompt")) },
        priority: Number(form.get("priority")),
      },
    };
    if (schedule) update.mutate({ id: clusterId, scheduleId: schedule.id, ...fields });
    else create.mutate({ id: clusterId, ...fields });
  }

  const id = (name: string) => `schedule-${name}`;
  return (
    <Dialog
      open={open}
      onClose={close}
      title={schedule ? `Edit ${schedule.name}` : "New schedule"}
      description="A task this cluster is given on a cron expression, submitted by the leading server."
    >
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <Field id={id("name")} label="Name" error={errors.name}>
          <Input name="name" required defaultValue={schedule?.name} {...controlProps(id("name"), errors.name)} />
        </Field>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field
            id={id("cron")}
            label="Cron expression"
            hint="minute hour day month weekday; 6 fields with seconds first"
            error={errors.cron}
          >
            <Input
              name="cron"
              required
              className="font-mono"
              defaultValue={schedule?.cron ?? "0 9 * * 1-5"}
              {...controlProps(id("cron"), errors.cron, "hint")}
            />
          </Field>
          <Field id={id("timezone")} label="Timezone" hint="IANA, e.g. Europe/Berlin" error={errors.timezone}>
            <Input
              name="timezone"
              defaultValue={schedule?.timezone ?? "UTC"}
              {...controlProps(id("timezone"), errors.timezone, "hint")}
            />
          </Field>
        </div>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-[1fr_6rem]">
          <Field id={id("role")} label="Role" error={roleError}>
            <Select
              name="role"
              defaultValue={schedule?.task.role ?? roles[0] ?? ""}
              {...controlProps(id("role"), roleError)}
            >
              <option value="">Any agent</option>
              {roles.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={id("priority")} label="Priority" hint="1–10" error={priorityError}>
            <Input
              name="priority"
              type="number"
              min={1}
              max={10}
              step={1}
              defaultValue={schedule?.task.priority ?? 5}
              {...controlProps(id("priority"), priorityError, "hint")}
            />
          </Field>
        </div>
        <Field id={id("prompt")} label="Prompt" hint="what each run asks">
          <Textarea
            name="prompt"
            rows={3}
            defaultValue={promptOfSchedule(schedule)}
            {...controlProps(id("prompt"), undefined, "hint")}
          />
        </Field>
        <Field id={id("missed")} label="Runs missed while no server led" error={errors.missedRuns}>
          <Select name="missedRuns" id={id("missed")} defaultValue={schedule?.missedRuns ?? "run_once"}>
            {POLICIES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={schedule?.enabled ?? true} />
          Enabled
        </label>
        {mutation.error && !shownUnderAField && <Alert>{errorMessage(mutation.error)}</Alert>}
        <FormActions
          pending={mutation.isPending}
          submitLabel={schedule ? "Save schedule" : "Create schedule"}
          onCancel={close}
        />
      </form>
    </Dialog>
  );
}

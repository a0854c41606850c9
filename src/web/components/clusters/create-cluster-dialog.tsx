"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Controller, type Resolver, useForm } from "react-hook-form";
import { z } from "zod";
import { clusterCreateInput } from "@/schemas/cluster-api";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage, serverFieldErrors } from "../../lib/api-error";
import type { BlueprintSummary } from "../../lib/api-types";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { controlProps, Field, Input, Select } from "../ui/field";
import { CLUSTER_TYPE_LABELS, CLUSTER_TYPES, isClusterType } from "./cluster-types";
import { WorkerTargetInput } from "./worker-target-input";

type Bounds = { min: number; max: number };
type Values = z.input<typeof clusterCreateInput>;
type Output = z.output<typeof clusterCreateInput>;

const FIELDS = ["blueprintId", "blueprintVersion", "name", "type", "targetWorkers"] as const;

/** The API's own contract, with the target held to the chosen blueprint's bounds once they are known. */
function createSchema(bounds: Bounds | undefined) {
  if (!bounds) return clusterCreateInput;
  const message = `Choose between ${bounds.min} and ${bounds.max}`;
  return clusterCreateInput.extend({
    targetWorkers: z
      .number({ error: message })
      .int(message)
      .min(bounds.min, message)
      .max(bounds.max, message)
      .optional(),
  });
}

interface CreateClusterDialogProps {
  open: boolean;
  onClose: () => void;
  blueprintId?: string;
  blueprintVersion?: string;
}

/** Creates a cluster from a blueprint version; on success it opens the new cluster's page. */
export function CreateClusterDialog({ open, onClose, ...preset }: CreateClusterDialogProps) {
  const trpc = useTRPC();
  const blueprints = useQuery({ ...trpc.blueprints.list.queryOptions({}), enabled: open });
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New cluster"
      description="A cluster runs the roles of a blueprint as agents."
    >
      {/* Mounted only while open, so each opening starts from a clean form, and again once the
          blueprints are known, so the first one starts chosen. */}
      {open && (
        <CreateClusterForm
          key={blueprints.isSuccess ? "ready" : "loading"}
          blueprints={blueprints.data}
          loading={blueprints.isPending}
          onDone={onClose}
          {...preset}
        />
      )}
    </Dialog>
  );
}

interface CreateClusterFormProps {
  blueprints: BlueprintSummary[] | undefined;
  loading: boolean;
  onDone: () => void;
  blueprintId?: string;
  blueprintVersion?: string;
}

function CreateClusterForm({ blueprints, loading, onDone, ...preset }: CreateClusterFormProps) {
  const trpc = useTRPC();
  const { canOperate } = usePermissions();
  const router = useRouter();
  const queryClient = useQueryClient();

  // The bounds come from the blueprint chosen in the form; the resolver reads the latest.
  const bounds = useRef<Bounds | undefined>(undefined);
  const form = useForm<Values, unknown, Output>({
    resolver: (values, context, options) =>
      (zodResolver(createSchema(bounds.current)) as Resolver<Values, unknown, Output>)(values, context, options),
    defaultValues: {
      blueprintId: preset.blueprintId ?? blueprints?.[0]?.id ?? "",
      blueprintVersion: preset.blueprintVersion,
      name: "",
    },
  });
  const errors = form.formState.errors;
  const [blueprintId, version] = form.watch(["blueprintId", "blueprintVersion"]);
  const summary = blueprints?.find((blueprint) => blueprint.id === blueprintId);
  const detail = useQuery({
    ...trpc.blueprints.get.queryOptions({ id: blueprintId, version }),
    enabled: blueprintId !== "",
  });
  const workerBounds = detail.data?.workerBounds;
  useEffect(() => {
    bounds.current = workerBounds;
  }, [workerBounds]);

  const create = useMutation(
    trpc.clusters.create.mutationOptions({
      onSuccess: async (cluster) => {
        await queryClient.invalidateQueries({ queryKey: trpc.clusters.pathKey() });
        onDone();
        router.push(`/clusters/${cluster.id}`);
      },
      onError: (error) => {
        for (const [field, message] of serverFieldErrors(error, FIELDS)) form.setError(field, { message });
      },
    }),
  );
  // Errors no field shows (a cluster limit, an unknown version) go in the banner.
  const unplaced =
    create.error && serverFieldErrors(create.error, FIELDS).length === 0 ? errorMessage(create.error) : undefined;

  const submit = form.handleSubmit((values) =>
    // Untouched, the target is the blueprint's default, sent as shown.
    create.mutate({ ...values, targetWorkers: values.targetWorkers ?? detail.data?.defaultTargetWorkers }),
  );
  const blueprintError = errors.blueprintId?.message ?? errors.blueprintVersion?.message;
  const hint = boundsHint(workerBounds);

  return (
    <form onSubmit={submit} noValidate aria-label="New cluster" className="flex flex-col gap-4">
      {blueprints?.length === 0 && (
        <Alert tone="info">There are no blueprints yet. Upload one first, then create a cluster from it.</Alert>
      )}
      {unplaced && <Alert>{unplaced}</Alert>}

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-[1fr_10rem]">
        <Field id="cluster-blueprint" label="Blueprint" error={blueprintError}>
          <Select
            {...controlProps("cluster-blueprint", blueprintError)}
            disabled={!blueprints?.length}
            {...form.register("blueprintId", {
              // Another blueprint has its own versions and bounds.
              onChange: () => {
                form.setValue("blueprintVersion", undefined);
                form.setValue("targetWorkers", undefined);
              },
            })}
          >
            {loading && <option>Loading…</option>}
            {blueprints?.map((blueprint) => (
              <option key={blueprint.id} value={blueprint.id}>
                {blueprint.name} ({blueprint.id})
              </option>
            ))}
          </Select>
        </Field>
        <Field id="cluster-version" label="Version">
          <Select
            id="cluster-version"
            disabled={!summary}
            {...form.register("blueprintVersion", {
              setValueAs: (value: string) => value || undefined,
              onChange: () => form.setValue("targetWorkers", undefined),
            })}
          >
            <option value="">{summary ? `${summary.version} (newest)` : "Newest"}</option>
            {/* Archived versions start no clusters: the form does not offer them. */}
            {summary?.versions
              .filter((v) => v !== summary.version && !summary.archivedVersions.includes(v))
              .map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
          </Select>
        </Field>
      </div>

      <Field id="cluster-name" label="Name" error={errors.name?.message}>
        <Input
          {...controlProps("cluster-name", errors.name?.message)}
          autoFocus
          autoComplete="off"
          maxLength={100}
          placeholder={summary ? `e.g. ${summary.name} Q1` : "e.g. Marketing Q1"}
          {...form.register("name")}
        />
      </Field>

      <Field id="cluster-type" label="Type" error={errors.type?.message}>
        <Select
          {...controlProps("cluster-type", errors.type?.message)}
          {...form.register("type", { setValueAs: (value: string) => (isClusterType(value) ? value : undefined) })}
        >
          <option value="">Blueprint default{detail.data ? ` (${typeLabel(detail.data.clusterType)})` : ""}</option>
          {CLUSTER_TYPES.map((value) => (
            <option key={value} value={value}>
              {CLUSTER_TYPE_LABELS[value]}
            </option>
          ))}
        </Select>
      </Field>

      <Field id="cluster-target" label="Target workers" error={errors.targetWorkers?.message} hint={hint}>
        <Controller
          control={form.control}
          name="targetWorkers"
          render={({ field }) => {
            const props = controlProps("cluster-target", errors.targetWorkers?.message, hint);
            return (
              <WorkerTargetInput
                id={props.id}
                value={field.value ?? detail.data?.defaultTargetWorkers ?? Number.NaN}
                min={workerBounds?.min ?? 0}
                max={workerBounds?.max ?? 0}
                disabled={!workerBounds}
                invalid={props["aria-invalid"]}
                describedBy={props["aria-describedby"]}
                onChange={field.onChange}
              />
            );
          }}
        />
      </Field>

      <div className="-mx-5 -mb-4 mt-2 flex justify-end gap-2 border-t border-zinc-200 bg-zinc-50 px-5 py-3 dark:border-zinc-800 dark:bg-zinc-900">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={!canOperate || create.isPending || !blueprintId}>
          {create.isPending && <Loader2 className="animate-spin" aria-hidden />}
          Create cluster
        </Button>
      </div>
    </form>
  );
}

function typeLabel(type: string): string {
  return isClusterType(type) ? CLUSTER_TYPE_LABELS[type] : type;
}

function boundsHint(bounds: Bounds | undefined): string {
  if (!bounds) return "Loading the blueprint's bounds…";
  if (bounds.min === bounds.max) return `This blueprint runs exactly ${bounds.min} agents.`;
  return `Agents of every tier, between ${bounds.min} and ${bounds.max} for this blueprint.`;
}

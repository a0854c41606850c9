"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage, fieldErrors } from "../../lib/api-error";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { describedBy, Field, Input, Select } from "../ui/field";
import { CLUSTER_TYPE_LABELS, CLUSTER_TYPES, isClusterType } from "./cluster-types";
import { isWithin, WorkerTargetInput } from "./worker-target-input";

const FIELDS = ["blueprintId", "blueprintVersion", "name", "type", "targetWorkers"];

interface CreateClusterDialogProps {
  open: boolean;
  onClose: () => void;
  blueprintId?: string;
  blueprintVersion?: string;
}

/** Creates a cluster from a blueprint version; on success it opens the new cluster's page. */
export function CreateClusterDialog({ open, onClose, ...preset }: CreateClusterDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New cluster"
      description="A cluster runs the roles of a blueprint as agents."
    >
      {/* Mounted only while open, so each opening starts from a clean form. */}
      {open && <CreateClusterForm onDone={onClose} {...preset} />}
    </Dialog>
  );
}

function CreateClusterForm({
  onDone,
  blueprintId: presetId,
  blueprintVersion: presetVersion,
}: {
  onDone: () => void;
  blueprintId?: string;
  blueprintVersion?: string;
}) {
  const trpc = useTRPC();
  const { canOperate } = usePermissions();
  const router = useRouter();
  const queryClient = useQueryClient();
  const blueprints = useQuery(trpc.blueprints.list.queryOptions({}));

  const [blueprintId, setBlueprintId] = useState(presetId ?? "");
  const [version, setVersion] = useState(presetVersion ?? "");
  const [name, setName] = useState("");
  const [type, setType] = useState("");
  const [target, setTarget] = useState<number | undefined>(undefined);
  const [submitted, setSubmitted] = useState(false);

  const chosenId = blueprintId || blueprints.data?.[0]?.id || "";
  const summary = blueprints.data?.find((blueprint) => blueprint.id === chosenId);
  const detail = useQuery({
    ...trpc.blueprints.get.queryOptions({ id: chosenId, version: version || undefined }),
    enabled: chosenId !== "",
  });
  const bounds = detail.data?.workerBounds;
  const targetWorkers = target ?? detail.data?.defaultTargetWorkers ?? Number.NaN;

  const create = useMutation(
    trpc.clusters.create.mutationOptions({
      onSuccess: async (cluster) => {
        await queryClient.invalidateQueries({ queryKey: trpc.clusters.pathKey() });
        onDone();
        router.push(`/clusters/${cluster.id}`);
      },
    }),
  );
  const server = fieldErrors(create.error);
  const errors = {
    blueprintId: server.blueprintId ?? server.blueprintVersion,
    name: (submitted && name.trim() === "" ? "Give the cluster a name" : undefined) ?? server.name,
    type: server.type,
    targetWorkers:
      (submitted && bounds && !isWithin(targetWorkers, bounds.min, bounds.max)
        ? `Choose between ${bounds.min} and ${bounds.max}`
        : undefined) ?? server.targetWorkers,
  };
  // Errors no field shows (a cluster limit, an unknown version) go in the banner.
  const unplaced =
    create.error && !Object.keys(server).some((path) => FIELDS.includes(path)) ? errorMessage(create.error) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!chosenId || name.trim() === "" || (bounds && !isWithin(targetWorkers, bounds.min, bounds.max))) return;
    create.mutate({
      blueprintId: chosenId,
      blueprintVersion: version || undefined,
      name: name.trim(),
      type: isClusterType(type) ? type : undefined,
      targetWorkers: Number.isFinite(targetWorkers) ? targetWorkers : undefined,
    });
  };

  const noBlueprints = blueprints.isSuccess && blueprints.data.length === 0;

  return (
    <form onSubmit={submit} noValidate aria-label="New cluster" className="flex flex-col gap-4">
      {noBlueprints && (
        <Alert tone="info">There are no blueprints yet. Upload one first, then create a cluster from it.</Alert>
      )}
      {unplaced && <Alert>{unplaced}</Alert>}

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-[1fr_10rem]">
        <Field id="cluster-blueprint" label="Blueprint" error={errors.blueprintId}>
          <Select
            id="cluster-blueprint"
            value={chosenId}
            disabled={!blueprints.data?.length}
            aria-invalid={!!errors.blueprintId || undefined}
            aria-describedby={describedBy("cluster-blueprint", errors.blueprintId)}
            onChange={(event) => {
              setBlueprintId(event.target.value);
              setVersion("");
              setTarget(undefined);
            }}
          >
            {blueprints.isPending && <option>Loading…</option>}
            {blueprints.data?.map((blueprint) => (
              <option key={blueprint.id} value={blueprint.id}>
                {blueprint.name} ({blueprint.id})
              </option>
            ))}
          </Select>
        </Field>
        <Field id="cluster-version" label="Version">
          <Select
            id="cluster-version"
            value={version}
            disabled={!summary}
            onChange={(event) => {
              setVersion(event.target.value);
              setTarget(undefined);
            }}
          >
            <option value="">{summary ? `${summary.version} (newest)` : "Newest"}</option>
            {summary?.versions.slice(1).map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      <Field id="cluster-name" label="Name" error={errors.name}>
        <Input
          id="cluster-name"
          value={name}
          autoFocus
          autoComplete="off"
          maxLength={100}
          placeholder={summary ? `e.g. ${summary.name} Q1` : "e.g. Marketing Q1"}
          aria-invalid={!!errors.name || undefined}
          aria-describedby={describedBy("cluster-name", errors.name)}
          onChange={(event) => setName(event.target.value)}
        />
      </Field>

      <Field id="cluster-type" label="Type" error={errors.type}>
        <Select
          id="cluster-type"
          value={type}
          onChange={(event) => setType(event.target.value)}
          aria-invalid={!!errors.type || undefined}
        >
          <option value="">Blueprint default{detail.data ? ` (${typeLabel(detail.data.clusterType)})` : ""}</option>
          {CLUSTER_TYPES.map((value) => (
            <option key={value} value={value}>
              {CLUSTER_TYPE_LABELS[value]}
            </option>
          ))}
        </Select>
      </Field>

      <Field id="cluster-target" label="Target workers" error={errors.targetWorkers} hint={boundsHint(bounds)}>
        <WorkerTargetInput
          id="cluster-target"
          value={targetWorkers}
          min={bounds?.min ?? 0}
          max={bounds?.max ?? 0}
          disabled={!bounds}
          invalid={!!errors.targetWorkers}
          describedBy={describedBy("cluster-target", errors.targetWorkers, "hint")}
          onChange={setTarget}
        />
      </Field>

      <div className="-mx-5 -mb-4 mt-2 flex justify-end gap-2 border-t border-zinc-200 bg-zinc-50 px-5 py-3 dark:border-zinc-800 dark:bg-zinc-900">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={!canOperate || create.isPending || !chosenId}>
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

function boundsHint(bounds: { min: number; max: number } | undefined): string {
  if (!bounds) return "Loading the blueprint's bounds…";
  if (bounds.min === bounds.max) return `This blueprint runs exactly ${bounds.min} agents.`;
  return `Agents of every tier, between ${bounds.min} and ${bounds.max} for this blueprint.`;
}

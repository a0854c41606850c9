"use client";
import { useMutation } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage, fieldErrors } from "../../lib/api-error";
import type { Cluster } from "../../lib/api-types";
import { formatRange } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { describedBy, Field } from "../ui/field";
import { Panel } from "../ui/panel";
import { useClusterRefresh } from "./use-cluster-refresh";
import { isWithin, WorkerTargetInput } from "./worker-target-input";

interface ScalePanelProps {
  cluster: Cluster;
  /** The blueprint's feasible sizes; the cluster's own bounds narrow them further. */
  blueprintBounds: { min: number; max: number } | undefined;
  /** Agents added by hand count against the maximum but are not the scaler's to remove. */
  manualAgents: number;
}

export function ScalePanel({ cluster, blueprintBounds, manualAgents }: ScalePanelProps) {
  const trpc = useTRPC();
  const { canOperate } = usePermissions();
  const refresh = useClusterRefresh(cluster.id);
  const min = Math.max(cluster.minWorkers, blueprintBounds?.min ?? cluster.minWorkers);
  const max = Math.min(cluster.maxWorkers, blueprintBounds?.max ?? cluster.maxWorkers) - manualAgents;
  const planned = cluster.targetWorkers;
  const [value, setValue] = useState<number | undefined>(undefined);
  const target = value ?? cluster.targetWorkers;

  const scale = useMutation(
    trpc.clusters.scale.mutationOptions({
      onSuccess: async (updated) => {
        setValue(undefined);
        await refresh(updated);
      },
    }),
  );

  const direction = target > planned ? "scale_up" : target < planned ? "scale_down" : undefined;
  const allowed = direction ? cluster.allowedActions.includes(direction) : false;
  const inBounds = isWithin(target, min, max);
  const serverError = fieldErrors(scale.error).targetWorkers;
  const error = !inBounds ? `Choose between ${min} and ${max}` : serverError;
  const blocked =
    !canOperate || !cluster.allowedActions.some((action) => action === "scale_up" || action === "scale_down");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (inBounds && allowed) scale.mutate({ id: cluster.id, targetWorkers: target });
  };

  return (
    <Panel title="Scale" description={`${formatRange(min, max)} agents allowed`} id="scale">
      <form onSubmit={submit} noValidate aria-label="Scale" className="flex flex-col gap-3">
        <Field
          id="scale-target"
          label="Target workers"
          error={error}
          hint={
            !canOperate
              ? "Your role may not scale clusters."
              : blocked
                ? `Scaling is not possible while the cluster is ${cluster.status.toLowerCase().replace("_", " ")}.`
                : `Now ${planned} from the blueprint${manualAgents ? ` + ${manualAgents} added by hand` : ""}.`
          }
        >
          <WorkerTargetInput
            id="scale-target"
            value={target}
            min={min}
            max={max}
            disabled={blocked || scale.isPending}
            invalid={!!error}
            describedBy={describedBy("scale-target", error, "hint")}
            onChange={setValue}
          />
        </Field>
        {scale.error && !serverError && <Alert>{errorMessage(scale.error)}</Alert>}
        <div className="flex items-center justify-end gap-2">
          {value !== undefined && value !== cluster.targetWorkers && (
            <Button variant="ghost" size="sm" onClick={() => setValue(undefined)}>
              Reset
            </Button>
          )}
          <Button
            type="submit"
            size="sm"
            variant="primary"
            disabled={!direction || !allowed || !inBounds || scale.isPending}
          >
            {scale.isPending && <Loader2 className="animate-spin" aria-hidden />}
            {direction === "scale_down"
              ? `Scale down to ${target}`
              : direction === "scale_up"
                ? `Scale up to ${target}`
                : "Apply"}
          </Button>
        </div>
      </form>
    </Panel>
  );
}

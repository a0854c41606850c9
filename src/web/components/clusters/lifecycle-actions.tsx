"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, Moon, Power, Trash2 } from "lucide-react";
import { useState } from "react";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage } from "../../lib/api-error";
import type { Cluster } from "../../lib/api-types";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { DeleteClusterDialog } from "./delete-cluster-dialog";
import { useClusterRefresh } from "./use-cluster-refresh";

/**
 * Hibernate, reactivate (operators) and delete (admins); each is shown only to roles that may
 * use it, and enabled only when the lifecycle allows it now.
 */
export function LifecycleActions({ cluster }: { cluster: Cluster }) {
  const trpc = useTRPC();
  const { canOperate, canAdmin } = usePermissions();
  const queryClient = useQueryClient();
  const refresh = useClusterRefresh(cluster.id);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const allowed = new Set(cluster.allowedActions);

  const hibernate = useMutation(trpc.clusters.hibernate.mutationOptions({ onSuccess: refresh }));
  const reactivate = useMutation(trpc.clusters.reactivate.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.clusters.delete.mutationOptions({
      onSuccess: async (updated) => {
        setConfirmingDelete(false);
        await refresh(updated);
        await queryClient.invalidateQueries({ queryKey: trpc.clusters.list.pathKey() });
      },
    }),
  );
  const failed = hibernate.error ?? reactivate.error;
  const reason = (action: string) =>
    allowed.has(action)
      ? undefined
      : `Not possible while the cluster is ${cluster.status.toLowerCase().replace("_", " ")}`;

  if (!canOperate) return null;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button
          onClick={() => hibernate.mutate({ id: cluster.id })}
          disabled={!allowed.has("hibernate") || hibernate.isPending}
          title={reason("hibernate") ?? "Stop every agent and keep the cluster"}
        >
          {hibernate.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Moon aria-hidden />}
          Hibernate
        </Button>
        <Button
          onClick={() => reactivate.mutate({ id: cluster.id })}
          disabled={!allowed.has("reactivate") || reactivate.isPending}
          title={reason("reactivate") ?? "Start the agents again"}
        >
          {reactivate.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Power aria-hidden />}
          Reactivate
        </Button>
        {canAdmin && (
          <Button
            variant="secondary"
            className="text-red-600 hover:text-red-700 dark:text-red-400"
            onClick={() => {
              remove.reset();
              setConfirmingDelete(true);
            }}
            disabled={!allowed.has("destroy")}
            title={reason("destroy") ?? "Delete this cluster"}
          >
            <Trash2 aria-hidden />
            Delete
          </Button>
        )}
      </div>
      {failed && <Alert className="max-w-md">{errorMessage(failed)}</Alert>}
      <DeleteClusterDialog
        open={confirmingDelete}
        name={cluster.name}
        agentCount={cluster.currentWorkers}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ id: cluster.id })}
        onClose={() => setConfirmingDelete(false)}
      />
    </div>
  );
}

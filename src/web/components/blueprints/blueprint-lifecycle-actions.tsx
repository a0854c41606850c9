"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, Loader2, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage } from "../../lib/api-error";
import type { BlueprintDetail } from "../../lib/api-types";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";

/**
 * An admin's archive, unarchive and delete of the version on screen (delete can take every
 * version). Refusals (a cluster still uses it) are shown as the server words them.
 */
export function BlueprintLifecycleActions({ detail }: { detail: BlueprintDetail }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { canAdmin } = usePermissions();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.blueprints.pathKey() });
  const archive = useMutation(trpc.blueprints.archive.mutationOptions({ onSuccess: refresh }));
  const unarchive = useMutation(trpc.blueprints.unarchive.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.blueprints.delete.mutationOptions({
      onSuccess: async (_result, input) => {
        setConfirming(false);
        await refresh();
        // Other versions remain only when one version was deleted out of several.
        const left = input.version && detail.versions.length > 1;
        router.replace(left ? `/blueprints/${encodeURIComponent(detail.id)}` : "/blueprints");
      },
    }),
  );
  if (!canAdmin) return null;

  const target = { id: detail.id, version: detail.version };
  const busy = archive.isPending || unarchive.isPending;
  const failed = archive.error ?? unarchive.error;
  const several = detail.versions.length > 1;

  return (
    <>
      {detail.archivedAt ? (
        <Button onClick={() => unarchive.mutate(target)} disabled={busy}>
          {busy ? <Loader2 className="animate-spin" aria-hidden /> : <ArchiveRestore aria-hidden />}
          Unarchive
        </Button>
      ) : (
        <Button onClick={() => archive.mutate(target)} disabled={busy} title="No new clusters from this version">
          {busy ? <Loader2 className="animate-spin" aria-hidden /> : <Archive aria-hidden />}
          Archive
        </Button>
      )}
      <Button variant="danger" onClick={() => setConfirming(true)}>
        <Trash2 aria-hidden /> Delete
      </Button>
      {failed ? <Alert className="basis-full">{errorMessage(failed)}</Alert> : null}

      <Dialog
        open={confirming}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
        size="sm"
        title={`Delete ${detail.name}?`}
        description="It disappears from every list and can start no cluster. Deleted clusters keep their record of it; uploading it again brings it back. A blueprint a cluster still uses cannot be deleted."
        footer={
          <>
            <Button variant="ghost" onClick={() => setConfirming(false)} autoFocus>
              Cancel
            </Button>
            {several && (
              <Button variant="danger" onClick={() => remove.mutate({ id: detail.id })} disabled={remove.isPending}>
                Every version
              </Button>
            )}
            <Button variant="danger" onClick={() => remove.mutate(target)} disabled={remove.isPending}>
              {remove.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Trash2 aria-hidden />}
              {several ? `Version ${detail.version}` : "Delete blueprint"}
            </Button>
          </>
        }
      >
        {remove.error ? <Alert>{errorMessage(remove.error)}</Alert> : null}
      </Dialog>
    </>
  );
}

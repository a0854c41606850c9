"use client";
import { Loader2, Trash2 } from "lucide-react";
import { errorMessage } from "../../lib/api-error";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";

interface DeleteClusterDialogProps {
  open: boolean;
  name: string;
  agentCount: number;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

export function DeleteClusterDialog({
  open,
  name,
  agentCount,
  pending,
  error,
  onConfirm,
  onClose,
}: DeleteClusterDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={`Delete ${name}?`}
      description="Every agent is stopped. The cluster stays on record as Destroyed, but it cannot be started again."
      footer={
        <>
          <Button variant="ghost" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={onConfirm} disabled={pending}>
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Trash2 aria-hidden />}
            Delete cluster
          </Button>
        </>
      }
    >
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        {agentCount === 1 ? "1 agent" : `${agentCount} agents`} will be stopped.
      </p>
      {error ? <Alert className="mt-3">{errorMessage(error)}</Alert> : null}
    </Dialog>
  );
}

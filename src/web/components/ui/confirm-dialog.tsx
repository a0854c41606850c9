"use client";
import { Loader2 } from "lucide-react";
import type { ReactNode } from "react";
import { errorMessage } from "../../lib/api-error";
import { Alert } from "./alert";
import { Button } from "./button";
import { Dialog } from "./dialog";

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  description?: ReactNode;
  /** The confirming button's text: what happens, e.g. "Restart agent". */
  confirm: string;
  tone?: "danger" | "primary";
  pending?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
  children?: ReactNode;
}

/** The app's own "are you sure": says what will happen, Cancel focused first, the error shown in place. */
export function ConfirmDialog({
  open,
  title,
  description,
  confirm,
  tone = "primary",
  pending = false,
  error,
  onConfirm,
  onClose,
  children,
}: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={title}
      description={description}
      footer={
        <>
          <Button variant="ghost" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button variant={tone} onClick={onConfirm} disabled={pending}>
            {pending && <Loader2 className="animate-spin" aria-hidden />}
            {confirm}
          </Button>
        </>
      }
    >
      {children}
      {error ? <Alert className={children ? "mt-3" : undefined}>{errorMessage(error)}</Alert> : null}
    </Dialog>
  );
}

"use client";
import { type MouseEvent, type SyntheticEvent, useEffect, useRef } from "react";

/**
 * A native modal <dialog> driven by `open`: the browser traps focus, closes it on Escape and gives
 * focus back; a click on the backdrop closes it too. Spread the returned props on the <dialog>.
 */
export function useModalDialog(open: boolean, onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  // React passes a nested dialog's close and cancel up its tree: only this dialog's own count.
  const own = (event: SyntheticEvent) => event.target === event.currentTarget;
  return {
    ref,
    onClose: (event: SyntheticEvent) => {
      if (own(event)) onClose();
    },
    onCancel: (event: SyntheticEvent) => {
      if (!own(event)) return;
      event.preventDefault();
      onClose();
    },
    // A click on the backdrop lands on the <dialog> itself.
    onClick: (event: MouseEvent) => {
      if (own(event)) onClose();
    },
  };
}

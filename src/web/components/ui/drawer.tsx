"use client";
import { X } from "lucide-react";
import { type ReactNode, useId } from "react";
import { useModalDialog } from "./use-modal-dialog";

interface DrawerProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  /** A line under the title. */
  meta?: ReactNode;
  children: ReactNode;
  testId?: string;
}

/**
 * A panel sliding in from the right, on the native modal <dialog> as the Dialog is: the browser
 * traps focus, closes it on Escape and gives focus back to what opened it.
 */
export function Drawer({ open, onClose, title, meta, children, testId }: DrawerProps) {
  const dialogProps = useModalDialog(open, onClose);
  const titleId = useId();

  return (
    <dialog
      {...dialogProps}
      aria-labelledby={titleId}
      data-testid={testId}
      className={
        "fixed inset-y-0 right-0 left-auto m-0 h-dvh max-h-none w-full max-w-2xl border-l border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl " +
        "backdrop:bg-zinc-950/30 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100 dark:backdrop:bg-black/50"
      }
    >
      {open && (
        <div className="flex h-full flex-col">
          <div className="flex items-start justify-between gap-4 border-b border-zinc-200 px-5 py-4 dark:border-zinc-800">
            <div className="min-w-0">
              <h2 id={titleId} className="truncate text-base font-semibold">
                {title}
              </h2>
              {meta && <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">{meta}</div>}
            </div>
            <button
              type="button"
              onClick={onClose}
              aria-label="Close"
              className="-mt-1 -mr-2 rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              <X className="size-4" aria-hidden />
            </button>
          </div>
          <div className="flex-1 space-y-6 overflow-y-auto px-5 py-4">{children}</div>
        </div>
      )}
    </dialog>
  );
}

"use client";
import { WifiOff } from "lucide-react";
import { useLiveStatus } from "../../hooks/use-live-events";

/**
 * Says so when the live connection is lost: what is on screen may be out of date until it is
 * back (then everything is fetched again). Floats over the page, so nothing moves under it.
 */
export function ConnectionBanner() {
  const status = useLiveStatus();
  if (status !== "reconnecting") return null;
  return (
    <div
      role="alert"
      data-testid="connection-banner"
      className="fixed inset-x-0 bottom-4 z-50 mx-auto flex w-fit max-w-[calc(100%-2rem)] items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 shadow-lg dark:border-amber-500/40 dark:bg-amber-950 dark:text-amber-100"
    >
      <WifiOff className="size-4 shrink-0" aria-hidden />
      <span>
        <strong className="font-semibold">Connection lost.</strong> Reconnecting… What you see may be out of date; it
        refreshes once the connection is back.
      </span>
    </div>
  );
}

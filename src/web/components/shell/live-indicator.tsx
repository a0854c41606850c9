"use client";
import clsx from "clsx";
import { useLiveStatus } from "../../hooks/use-live-events";
import type { LiveStatus } from "../../live/live-socket";

const LABELS: Record<LiveStatus, { text: string; dot: string; title: string }> = {
  live: { text: "Live", dot: "bg-emerald-500", title: "Connected: changes appear as they happen" },
  connecting: { text: "Connecting…", dot: "bg-zinc-400", title: "Connecting to the event stream" },
  reconnecting: {
    text: "Reconnecting…",
    dot: "bg-amber-500",
    title: "Connection lost; retrying. The page catches up once it is back.",
  },
};

/** Whether live updates arrive: green when connected, amber while it reconnects. */
export function LiveIndicator({ className }: { className?: string }) {
  const status = useLiveStatus();
  const label = LABELS[status];
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="live-indicator"
      data-status={status}
      title={label.title}
      className={clsx("flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400", className)}
    >
      <span className="relative flex size-2" aria-hidden>
        {status === "live" && (
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-50 [animation-duration:2.5s]" />
        )}
        <span className={clsx("relative inline-flex size-2 rounded-full", label.dot)} />
      </span>
      {label.text}
    </div>
  );
}

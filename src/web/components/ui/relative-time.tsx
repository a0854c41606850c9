import { formatDateTime, formatRelative } from "../../lib/format";

/** "3 minutes ago", with the exact date and time as its tooltip and machine-readable value. */
export function RelativeTime({ at, now, className }: { at: string; now?: number; className?: string }) {
  return (
    <time dateTime={at} title={formatDateTime(at)} className={className}>
      {formatRelative(at, now)}
    </time>
  );
}

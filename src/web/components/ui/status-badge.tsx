import { Badge } from "./badge";
import { STATUS_KINDS, type StatusKind, type StatusOf, statusStyle } from "./statuses";

interface StatusBadgeProps<K extends StatusKind> {
  kind: K;
  status: StatusOf<K>;
  /** Instead of the status's own label, e.g. "Restarting" for an agent starting again. */
  label?: string;
  className?: string;
}

/**
 * The one status pill: cluster, task, agent, healing outcome, health level and the rest. The
 * label carries `data-testid="<kind>-status"` and `data-status`, so tests and live updates find it.
 */
export function StatusBadge<K extends StatusKind>({ kind, status, label, className }: StatusBadgeProps<K>) {
  const style = statusStyle(kind, status);
  const dot = STATUS_KINDS[kind].dot && (style.moving ? "pulse" : true);
  return (
    <Badge tone={style.tone} dot={dot} className={className}>
      <span data-testid={`${kind}-status`} data-status={status}>
        {label ?? style.label}
      </span>
    </Badge>
  );
}

import {
  Activity,
  CircleSlash,
  Cpu,
  HardDrive,
  HeartPulse,
  type LucideIcon,
  MemoryStick,
  PauseCircle,
  ServerCrash,
  ShieldCheck,
  Skull,
  Wrench,
} from "lucide-react";
import type { HealingKind, HealingSeverity } from "../../../domain/healing/vocabulary";
import { humanize } from "../../lib/format";

/** How each kind of healing entry reads and looks; other names (a heal report's findings) read as themselves. */
const KINDS: Record<HealingKind, { label: string; icon: LucideIcon }> = {
  agent_crashed: { label: "Agent crashed", icon: Skull },
  agent_hung: { label: "Agent hung", icon: PauseCircle },
  circuit_opened: { label: "Circuit opened", icon: CircleSlash },
  circuit_closed: { label: "Circuit closed", icon: ShieldCheck },
  node_lost: { label: "Node lost", icon: ServerCrash },
  redis_down: { label: "Redis down", icon: ServerCrash },
  database_down: { label: "Database down", icon: ServerCrash },
  redis_slow: { label: "Redis slow", icon: Activity },
  database_slow: { label: "Database slow", icon: Activity },
  memory_high: { label: "Memory high", icon: MemoryStick },
  disk_high: { label: "Disk high", icon: HardDrive },
  cpu_high: { label: "CPU high", icon: Cpu },
  manual_heal: { label: "Heal run", icon: Wrench },
  chaos_drill: { label: "Chaos drill", icon: Activity },
  node_fenced: { label: "Node fenced", icon: ShieldCheck },
  node_drained: { label: "Node drained", icon: ServerCrash },
  node_rebalanced: { label: "Node rebalanced", icon: Activity },
  leader_failover: { label: "Leader failover", icon: Activity },
};
const kindOf = (kind: string) => (KINDS as Record<string, (typeof KINDS)[HealingKind] | undefined>)[kind];

export function kindLabel(kind: string): string {
  return kindOf(kind)?.label ?? humanize(kind);
}

export function kindIcon(kind: string): LucideIcon {
  return kindOf(kind)?.icon ?? (kind.startsWith("agent") ? Activity : HeartPulse);
}

export const SEVERITY_RING: Record<HealingSeverity, string> = {
  info: "bg-sky-50 text-sky-600 ring-sky-200 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-500/30",
  warning: "bg-amber-50 text-amber-600 ring-amber-200 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-500/30",
  critical: "bg-red-50 text-red-600 ring-red-200 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-500/30",
};

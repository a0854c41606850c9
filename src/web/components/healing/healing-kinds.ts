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
import type { HealingKind, HealingOutcome, HealingResponse, HealingSeverity } from "../../../domain/healing/vocabulary";
import { humanize } from "../../lib/format";
import type { Tone } from "../ui/badge";

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
};
const kindOf = (kind: string) => (KINDS as Record<string, (typeof KINDS)[HealingKind] | undefined>)[kind];

export function kindLabel(kind: string): string {
  return kindOf(kind)?.label ?? humanize(kind);
}

export function kindIcon(kind: string): LucideIcon {
  return kindOf(kind)?.icon ?? (kind.startsWith("agent") ? Activity : HeartPulse);
}

export const OUTCOME_STYLE: Record<HealingOutcome, { tone: Tone; label: string; moving?: boolean }> = {
  pending: { tone: "sky", label: "Healing", moving: true },
  ok: { tone: "green", label: "Healed" },
  failed: { tone: "red", label: "Failed" },
  held: { tone: "amber", label: "Held" },
};

export const SEVERITY_RING: Record<HealingSeverity, string> = {
  info: "bg-sky-50 text-sky-600 ring-sky-200 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-500/30",
  warning: "bg-amber-50 text-amber-600 ring-amber-200 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-500/30",
  critical: "bg-red-50 text-red-600 ring-red-200 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-500/30",
};

/** An entry's outcome as it reads: a finding only reported (nothing Myzel may do), or a check that found nothing, is not "healed". */
export function outcomeStyle(entry: { outcome: HealingOutcome; response: HealingResponse }) {
  if (entry.outcome === "ok" && entry.response === "reported")
    return { tone: "neutral" as const, label: "Reported", moving: false };
  if (entry.outcome === "ok" && entry.response === "clear")
    return { tone: "green" as const, label: "All clear", moving: false };
  return OUTCOME_STYLE[entry.outcome];
}

import type { HealthLevel } from "@/domain/healing/health-levels";
import type { Tone } from "./badge";

/** Colours of a health level, the same on every page: green fine, amber watch it, red acted on. */
export const LEVEL_STYLE: Record<HealthLevel, { tone: Tone; label: string; bar: string; text: string }> = {
  ok: { tone: "green", label: "Healthy", bar: "bg-emerald-500", text: "text-emerald-700 dark:text-emerald-400" },
  warning: { tone: "amber", label: "Warning", bar: "bg-amber-500", text: "text-amber-700 dark:text-amber-300" },
  critical: { tone: "red", label: "Critical", bar: "bg-red-500", text: "text-red-700 dark:text-red-400" },
};

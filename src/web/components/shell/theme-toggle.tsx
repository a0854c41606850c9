"use client";
import { Monitor, Moon, Sun } from "lucide-react";
import { useSyncExternalStore } from "react";
import { getServerTheme, getTheme, setTheme, subscribeTheme, type ThemeChoice } from "../../lib/theme";
import { type Segment, SegmentedControl } from "../ui/segmented-control";

const CHOICES: Array<Segment<ThemeChoice>> = [
  { value: "light", label: "Light", icon: Sun },
  { value: "system", label: "System", icon: Monitor },
  { value: "dark", label: "Dark", icon: Moon },
];

/** Light, the system's choice, or dark; remembered in this browser. */
export function ThemeToggle() {
  const theme = useSyncExternalStore(subscribeTheme, getTheme, getServerTheme);
  return <SegmentedControl label="Theme" value={theme} options={CHOICES} onChange={setTheme} />;
}

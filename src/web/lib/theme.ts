/**
 * Light, dark, or whatever the system prefers; remembered in localStorage. The class on
 * <html> is set by THEME_SCRIPT before the first paint (no flash of the wrong theme), and
 * kept in step here afterwards.
 */
export type ThemeChoice = "light" | "dark" | "system";

const STORAGE_KEY = "myzel-theme";
const DARK_QUERY = "(prefers-color-scheme: dark)";

/** Runs inline in <head>, before anything is drawn. Kept tiny and free of imports. */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem("${STORAGE_KEY}");var d=t==="dark"||(t!=="light"&&matchMedia("${DARK_QUERY}").matches);var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light"}catch(_){}})()`;

const listeners = new Set<() => void>();

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

function apply(choice: ThemeChoice) {
  const dark = choice === "dark" || (choice === "system" && matchMedia(DARK_QUERY).matches);
  const root = document.documentElement;
  root.classList.toggle("dark", dark);
  root.style.colorScheme = dark ? "dark" : "light";
}

export function setTheme(choice: ThemeChoice) {
  try {
    if (choice === "system") localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Private mode without storage: the choice lasts for this page.
  }
  apply(choice);
  for (const listener of listeners) listener();
}

export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener);
  // Following the system: a change of the system's preference shows at once.
  const media = matchMedia(DARK_QUERY);
  const onSystemChange = () => {
    if (stored() === "system") apply("system");
    listener();
  };
  media.addEventListener("change", onSystemChange);
  return () => {
    listeners.delete(listener);
    media.removeEventListener("change", onSystemChange);
  };
}

export const getTheme = stored;
export const getServerTheme = (): ThemeChoice => "system";

"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * Filters kept in the URL's query, so a view can be shared, reloaded and navigated back to.
 * `set` changes some of them (an empty value removes it) and starts again at the first page.
 */
export function useUrlFilters<K extends string>(names: readonly K[]) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const values = Object.fromEntries(names.map((name) => [name, params.get(name) ?? ""])) as Record<K, string>;
  const offset = Math.max(0, Number(params.get("offset")) || 0);

  const set = useCallback(
    (patch: Partial<Record<K | "offset", string | number | undefined>>) => {
      const next = new URLSearchParams(params.toString());
      if (!("offset" in patch)) next.delete("offset");
      for (const [name, value] of Object.entries(patch)) {
        if (value === undefined || value === "" || value === 0) next.delete(name);
        else next.set(name, String(value));
      }
      const search = next.toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  return { values, offset, set };
}

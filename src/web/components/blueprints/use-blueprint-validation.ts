"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { looksLikeManifest } from "../../../domain/manifest/parse-manifest";
import { useDebouncedValue } from "../../hooks/use-debounced-value";
import { useTRPCClient } from "../../trpc";

/** What the upload and the check send: a manifest (Markdown with front matter) as one, anything else as YAML. */
export function blueprintSource(text: string): { yaml: string } | { manifest: string } {
  return looksLikeManifest(text) ? { manifest: text } : { yaml: text };
}

/**
 * Checks the YAML as it is typed: one request per pause (400 ms), never one per key. Results
 * are cached by text, so undoing to an earlier text answers at once.
 */
export function useBlueprintValidation(source: string) {
  const client = useTRPCClient();
  const debounced = useDebouncedValue(source, 400);
  const empty = debounced.trim() === "";
  const query = useQuery({
    queryKey: ["blueprint-validation", debounced],
    queryFn: ({ signal }) => client.blueprints.validate.mutate(blueprintSource(debounced), { signal }),
    enabled: !empty,
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  return {
    result: empty || source.trim() === "" ? undefined : query.data,
    checking: !empty && (source !== debounced || query.isFetching),
    error: query.error,
  };
}

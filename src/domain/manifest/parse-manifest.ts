/**
 * A manifest (possibly edited by hand) → a checked blueprint. The front matter between the
 * first two `---` lines is the blueprint; it is checked exactly like an upload, and every issue
 * points at its line in the manifest, not in the front matter. The body is not read: it only
 * explains the front matter (render-manifest.ts writes it).
 */
import type { Blueprint } from "../../schemas/blueprint";
import { type BlueprintIssue, parseBlueprint } from "../blueprint/parse-blueprint";

/** A manifest carries Markdown besides its blueprint, so it may be larger than a blueprint. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

/** `source`: the front matter, the blueprint's YAML as the manifest wrote it (what is stored). */
export type ManifestParseResult =
  | { ok: true; blueprint: Blueprint; source: string }
  | { ok: false; issues: BlueprintIssue[] };

const FENCE = /^---[ \t]*\r?$/;
const END = /^(---|\.\.\.)[ \t]*\r?$/;

export function parseManifest(text: string): ManifestParseResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_MANIFEST_BYTES) {
    return fail(`the manifest is ${bytes} bytes; the limit is ${MAX_MANIFEST_BYTES} (1 MiB)`, 1);
  }
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  // Blank lines may come first (an editor's habit); anything else means there is no front matter.
  const open = lines.findIndex((line) => line.trim() !== "");
  if (open === -1 || !FENCE.test(lines[open]!)) {
    return fail(
      "a manifest starts with a line '---', then the blueprint as YAML, then another '---' line (the front matter)",
      open === -1 ? 1 : open + 1,
    );
  }
  const close = lines.findIndex((line, index) => index > open && END.test(line));
  if (close === -1) {
    return fail("the front matter is not closed: add a line '---' after the blueprint", open + 1);
  }
  const source = `${lines.slice(open + 1, close).join("\n")}\n`;
  const result = parseBlueprint(source);
  if (result.ok) return { ...result, source };
  // Line 1 of the front matter is the line after the opening '---'.
  const shift = open + 1;
  const issues = result.issues.map((issue) =>
    issue.line === undefined ? { ...issue, line: shift + 1, column: 1 } : { ...issue, line: issue.line + shift },
  );
  return { ok: false, issues };
}

/** Whether a text is a manifest rather than bare YAML: its first line that is not blank is '---', and another follows. */
export function looksLikeManifest(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  const open = lines.findIndex((line) => line.trim() !== "");
  return open !== -1 && FENCE.test(lines[open]!) && lines.some((line, index) => index > open && END.test(line));
}

function fail(message: string, line: number): ManifestParseResult {
  return { ok: false, issues: [{ path: [], pathText: "", message, line, column: 1 }] };
}

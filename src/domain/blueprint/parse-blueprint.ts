import { type Document, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import type { z } from "zod";
import { type Blueprint, blueprintErrorMap, blueprintSchema } from "@/schemas/blueprint";
import { type BlueprintIssue, formatPath, type IssuePath, validateBlueprint } from "./validate-blueprint";
import { documentBoundsIssues, textBoundsIssue } from "./yaml-bounds";

export type { BlueprintIssue } from "./validate-blueprint";

/**
 * Blueprint YAML text → a checked Blueprint, or every problem found with its line and column.
 * Browser-safe (no Node APIs), so an editor can run it on each keystroke.
 */

export const MAX_BLUEPRINT_BYTES = 256 * 1024;

export type BlueprintParseResult = { ok: true; blueprint: Blueprint } | { ok: false; issues: BlueprintIssue[] };

/** "line 17, column 17: agents[2].reports_to: unknown role …" for logs and the CLI. */
export function formatIssue(issue: BlueprintIssue): string {
  const where = issue.line === undefined ? "" : `line ${issue.line}, column ${issue.column ?? 1}: `;
  return `${where}${issue.pathText ? `${issue.pathText}: ` : ""}${issue.message}`;
}

export function parseBlueprint(text: string): BlueprintParseResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_BLUEPRINT_BYTES) {
    return fail([whole(`blueprint is ${bytes} bytes; the limit is ${MAX_BLUEPRINT_BYTES} (256 KiB)`)]);
  }

  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const tooBig = textBoundsIssue(text);
  if (tooBig) return fail([whole(tooBig.message, positionIn(text, tooBig.offset))]);
  // Duplicate keys are found by documentBoundsIssues, in linear time.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const [doc, second] = docs;
  if (second) {
    return fail([
      whole("a blueprint is one YAML document; remove the '---' separator and what follows", at(second.range[0])),
    ]);
  }
  if (!doc || doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return fail([whole("the blueprint is empty", at(0))]);
  }
  if (doc.errors.length > 0) return fail(yamlIssues(doc, at));
  const bounds = documentBoundsIssues(doc);
  if (bounds.length > 0) return fail(bounds.map((issue) => whole(issue.message, at(issue.offset))));
  if (!isMap(doc.contents)) {
    const start = at(doc.contents.range?.[0] ?? 0);
    return fail([whole("the top level must be a mapping with the keys metadata, cluster and agents", start)]);
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Only alias expansion can throw here (e.g. a "billion laughs" document).
    return fail([whole(`cannot read the YAML: ${(error as Error).message}`, at(0))]);
  }
  keepVersionText(doc, value);

  const result = checkBlueprint(value);
  if (result.ok) return result;
  return fail(result.issues.map((issue) => ({ ...issue, ...at(locate(doc, issue.path, pointsAtKey.has(issue))) })));
}

/** Schema and semantic checks for an already-parsed value (e.g. a JSON upload); no positions. */
export function checkBlueprint(value: unknown): BlueprintParseResult {
  const parsed = blueprintSchema.safeParse(value, { error: blueprintErrorMap });
  if (!parsed.success) return fail(parsed.error.issues.map(zodIssue));
  const issues = validateBlueprint(parsed.data);
  return issues.length > 0 ? fail(issues) : { ok: true, blueprint: parsed.data };
}

/** Line and column of `offset` before the document is parsed (the line counter fills while parsing). */
function positionIn(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

function fail(issues: BlueprintIssue[]): BlueprintParseResult {
  return { ok: false, issues };
}

type Position = { line: number; column: number };

/** An issue about the text as a whole rather than one field. */
function whole(message: string, position?: Position): BlueprintIssue {
  return { path: [], pathText: "", message, ...position };
}

/** Issues about a key itself (unknown keys), positioned at the key rather than its value. */
const pointsAtKey = new WeakSet<BlueprintIssue>();

function zodIssue(issue: z.core.$ZodIssue): BlueprintIssue {
  const path: IssuePath = issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
  const [key] = issue.code === "unrecognized_keys" ? issue.keys : [];
  const converted = { path: key === undefined ? path : [...path, key], pathText: "", message: issue.message };
  converted.pathText = formatPath(converted.path);
  if (key !== undefined) pointsAtKey.add(converted);
  return converted;
}

/** One issue per line: after the first error on a line the parser's follow-ups only confuse. */
function yamlIssues(doc: Document, at: (offset: number) => Position): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  for (const error of doc.errors) {
    const position = at(error.pos[0]);
    if (issues.some((issue) => issue.line === position.line)) continue;
    issues.push(whole(`YAML syntax error: ${error.message}`, position));
  }
  return issues;
}

/**
 * YAML reads `version: 1.0` as the number 1; keep what the author wrote instead.
 */
function keepVersionText(doc: Document, value: unknown): void {
  const node = doc.getIn(["metadata", "version"], true);
  const metadata = isRecord(value) ? value.metadata : undefined;
  if (isScalar(node) && typeof node.value === "number" && node.source && isRecord(metadata)) {
    metadata.version = node.source;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Offset for an issue at `path`: a scalar value itself (unless `atKey`); for a mapping or list,
 * its key (or its start when it is a list item); for a missing key, the nearest ancestor that
 * exists, which is where the key should have been written.
 */
function locate(doc: Document, path: IssuePath, atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      const keyRange = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (!pair || !keyRange) return offset;
      offset = keyRange[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (!(isMap(item) || isSeq(item) || isScalar(item)) || !item.range) return offset;
      offset = item.range[0];
      node = item;
    } else {
      return offset;
    }
  }
  if (!atKey && isScalar(node) && node.value !== null && node.range) return node.range[0];
  return offset;
}

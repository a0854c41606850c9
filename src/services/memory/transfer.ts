/**
 * Export and import of a namespace as JSON lines: values first (with their versions and expiry),
 * then documents. An import checks every line before it writes any, so a bad line stores nothing;
 * values are written without compare-and-set (the import's copy wins), documents keep their ids
 * (one already there is left as it is, so importing twice adds nothing).
 */
import { createHash } from "node:crypto";
import { listValues } from "../../core/memory/value-store";
import { pointedIssue } from "../../domain/input/json-pointer";
import type { MemoryNamespace } from "../../generated/prisma/client";
import { type ExportLine, exportLineSchema } from "../../schemas/memory-api";
import { AppError } from "../app-error";
import { announce } from "./namespaces";
import { createDocument, putValue } from "./records";

type Deps = Parameters<typeof putValue>[0];

const PAGE = 1000;
/** An export is one answer: kept to what a client and the server hold comfortably in memory. */
const MAX_EXPORT_LINES = 200_000;

export async function exportNamespace(deps: Deps, namespace: MemoryNamespace): Promise<{ jsonl: string }> {
  const lines: string[] = [];
  let after: string | undefined;
  for (;;) {
    const rows = await listValues(deps.db, { namespaceId: namespace.id, after, limit: PAGE });
    for (const row of rows) {
      const line: ExportLine = {
        kind: "value",
        key: row.key,
        value: row.value as never,
        version: row.version,
        expiresAt: row.expires_at?.toISOString() ?? null,
      };
      lines.push(JSON.stringify(line));
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)?.key;
  }
  let cursor: string | undefined;
  for (;;) {
    const docs = await deps.db.memoryDocument.findMany({
      where: { namespaceId: namespace.id, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    for (const doc of docs) {
      const line: ExportLine = {
        kind: "document",
        id: doc.id,
        title: doc.title,
        text: doc.text,
        metadata: doc.metadata as never,
        tags: doc.tags,
      };
      lines.push(JSON.stringify(line));
    }
    if (docs.length < PAGE || lines.length > MAX_EXPORT_LINES) break;
    cursor = docs.at(-1)?.id;
  }
  if (lines.length > MAX_EXPORT_LINES)
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `the namespace holds more than ${MAX_EXPORT_LINES} records to export at once`,
    );
  return { jsonl: lines.length ? `${lines.join("\n")}\n` : "" };
}

export async function importNamespace(
  deps: Deps,
  namespace: MemoryNamespace,
  jsonl: string,
  by: string,
): Promise<{ values: number; documents: number }> {
  const parsed = parseLines(jsonl);
  let values = 0;
  let documents = 0;
  for (const line of parsed) {
    if (line.kind === "value") {
      const ttlSeconds = line.expiresAt ? Math.ceil((Date.parse(line.expiresAt) - Date.now()) / 1000) : undefined;
      if (ttlSeconds !== undefined && ttlSeconds <= 0) continue; // expired since the export
      await putValue(deps, namespace.id, { key: line.key, value: line.value, ttlSeconds }, by);
      values++;
    } else {
      const id = line.id ? await importedId(deps, namespace.id, line.id) : undefined;
      if (id === null) continue;
      await createDocument(deps, namespace, { ...line, id }, by);
      documents++;
    }
  }
  await announce(deps, namespace, "import", "put", null, by);
  return { values, documents };
}

/**
 * The id an imported document gets: its own, unless another namespace holds that id (an export
 * imported into a copy), then one derived from both, so importing twice still adds nothing.
 * null: it is here already.
 */
async function importedId(deps: Deps, namespaceId: string, id: string): Promise<string | null> {
  for (const candidate of [id, derivedId(namespaceId, id)]) {
    const found = await deps.db.memoryDocument.findUnique({ where: { id: candidate }, select: { namespaceId: true } });
    if (!found) return candidate;
    if (found.namespaceId === namespaceId) return null;
  }
  throw new AppError("CONFLICT", `document ${id} cannot be imported under its own or a derived id`);
}

function derivedId(namespaceId: string, id: string): string {
  const hex = createHash("sha256").update(`${namespaceId}:${id}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function parseLines(jsonl: string): ExportLine[] {
  const lines: ExportLine[] = [];
  const issues: Array<{ path: string; message: string }> = [];
  jsonl.split("\n").forEach((text, index) => {
    if (!text.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      issues.push({ path: "/jsonl", message: `line ${index + 1} is not JSON` });
      return;
    }
    const result = exportLineSchema.safeParse(raw);
    if (result.success) lines.push(result.data);
    else
      for (const issue of result.error.issues)
        issues.push({
          path: "/jsonl",
          message: `line ${index + 1}: ${pointedIssue(issue).path || "/"} ${issue.message}`,
        });
  });
  if (issues.length)
    throw new AppError(
      "BAD_REQUEST",
      `the import has ${issues.length} bad lines; nothing was stored`,
      issues.slice(0, 50),
    );
  return lines;
}

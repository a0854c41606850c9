/**
 * The use cases on a namespace's records — values and documents — whoever asks (an operator, an
 * app, an agent): size limits, compare-and-set conflicts as 409 with the current version, one
 * `memory.changed` event per write. Callers have checked that they may use the namespace.
 */
import type { z } from "zod";
import type { CoreDeps } from "../../core/deps";
import { type DocumentRow, insertDocument, searchDocuments } from "../../core/memory/document-store";
import { listValues, readValueIn, removeValue, type ValueRow, writeValue } from "../../core/memory/value-store";
import { jsonSize, sizeProblem } from "../../domain/memory/write-rules";
import type { MemoryNamespace } from "../../generated/prisma/client";
import type { Page } from "../../schemas/common";
import type {
  documentCreateInput,
  documentListInput,
  MemoryDocumentDto,
  MemoryValueDto,
  SearchResult,
  searchInput,
  valueListInput,
  valuePutInput,
} from "../../schemas/memory-api";
import { AppError, notFound } from "../app-error";
import { keysetPage } from "../keyset-page";
import { announce, archivedNamespace } from "./namespaces";

type Deps = Pick<CoreDeps, "db" | "events" | "settings">;
type ValueWriteInput = Omit<z.infer<typeof valuePutInput>, "namespaceId">;
type DocumentInput = Omit<z.infer<typeof documentCreateInput>, "namespaceId"> & { id?: string | undefined };

export async function getValue(deps: Deps, namespaceId: string, key: string): Promise<MemoryValueDto> {
  const { namespace, value } = await readValueIn(deps.db, namespaceId, key);
  if (!namespace) throw notFound("memory namespace", namespaceId);
  if (!value) throw notFound(`value in "${namespace.name}" with the key`, key);
  return valueDto(value);
}

/** Writes a value; the namespace is checked (exists, not archived) in the same statement. */
export async function putValue(
  deps: Deps,
  namespaceId: string,
  input: ValueWriteInput,
  by: string,
): Promise<MemoryValueDto> {
  const tooLarge = sizeProblem("the value", jsonSize(input.value), deps.settings.MEMORY_MAX_VALUE_BYTES);
  if (tooLarge)
    throw new AppError("PAYLOAD_TOO_LARGE", `${tooLarge} (MYZEL_MEMORY_MAX_VALUE_BYTES)`, [
      { path: "/value", message: tooLarge },
    ]);
  const outcome = await writeValue(deps.db, { namespaceId, ...input, by });
  if (!outcome.ok) {
    if (!outcome.namespace) throw notFound("memory namespace", namespaceId);
    if (outcome.archived) throw archivedNamespace(outcome.namespace);
    throw versionConflict(input.key, input.expectedVersion ?? 0, outcome.currentVersion);
  }
  await announce(deps, outcome.namespace, "value", "put", input.key, by);
  return valueDto(outcome.row);
}

export async function deleteValue(
  deps: Deps,
  namespace: MemoryNamespace,
  key: string,
  expectedVersion: number | undefined,
  by: string,
): Promise<{ deleted: boolean }> {
  const outcome = await removeValue(deps.db, namespace.id, key, expectedVersion);
  if (!outcome.ok) throw versionConflict(key, expectedVersion ?? 0, outcome.currentVersion);
  if (outcome.existed) await announce(deps, namespace, "value", "delete", key, by);
  return { deleted: outcome.existed };
}

export async function pageOfValues(
  deps: Deps,
  namespace: MemoryNamespace,
  input: Omit<z.infer<typeof valueListInput>, "namespaceId">,
) {
  const rows = await listValues(deps.db, { namespaceId: namespace.id, ...input, limit: input.limit + 1 });
  const items = rows.slice(0, input.limit).map(valueDto);
  return { items, nextAfter: rows.length > input.limit ? (items.at(-1)?.key ?? null) : null };
}

export async function createDocument(
  deps: Deps,
  namespace: MemoryNamespace,
  input: DocumentInput,
  by: string,
): Promise<MemoryDocumentDto> {
  const bytes = Buffer.byteLength(input.title, "utf8") + Buffer.byteLength(input.text, "utf8");
  const tooLarge = sizeProblem("the document", bytes, deps.settings.MEMORY_MAX_DOCUMENT_BYTES);
  if (tooLarge)
    throw new AppError("PAYLOAD_TOO_LARGE", `${tooLarge} (MYZEL_MEMORY_MAX_DOCUMENT_BYTES)`, [
      { path: "/text", message: tooLarge },
    ]);
  const metadataProblem = sizeProblem("its metadata", jsonSize(input.metadata), deps.settings.MEMORY_MAX_VALUE_BYTES);
  if (metadataProblem)
    throw new AppError("PAYLOAD_TOO_LARGE", metadataProblem, [{ path: "/metadata", message: metadataProblem }]);
  const row = await insertDocument(deps.db, {
    ...input,
    tags: [...new Set(input.tags)],
    namespaceId: namespace.id,
    language: namespace.language,
    by,
  });
  await announce(deps, namespace, "document", "put", row.id, by);
  return documentDto(row);
}

export async function getDocument(deps: Deps, namespace: MemoryNamespace, id: string): Promise<MemoryDocumentDto> {
  const row = await deps.db.memoryDocument.findFirst({ where: { id, namespaceId: namespace.id } });
  if (!row) throw notFound(`document in "${namespace.name}"`, id);
  return documentDto(row);
}

export async function deleteDocument(deps: Deps, namespace: MemoryNamespace, id: string, by: string) {
  const { count } = await deps.db.memoryDocument.deleteMany({ where: { id, namespaceId: namespace.id } });
  if (!count) throw notFound(`document in "${namespace.name}"`, id);
  await announce(deps, namespace, "document", "delete", id, by);
  return { deleted: true };
}

export async function pageOfDocuments(
  deps: Deps,
  namespace: MemoryNamespace,
  input: Omit<z.infer<typeof documentListInput>, "namespaceId">,
): Promise<Page<MemoryDocumentDto>> {
  const where = { namespaceId: namespace.id, ...(input.tag ? { tags: { has: input.tag } } : {}) };
  return keysetPage(input, "createdAt", {
    fetch: (keyset) => deps.db.memoryDocument.findMany({ ...keyset, where: { AND: [where, keyset.where] } }),
    count: () => deps.db.memoryDocument.count({ where }),
    toDto: documentDto,
  });
}

export async function search(
  deps: Deps,
  namespace: MemoryNamespace,
  input: Omit<z.infer<typeof searchInput>, "namespaceId">,
): Promise<SearchResult> {
  const found = await searchDocuments(deps.db, {
    namespaceIds: [namespace.id],
    language: namespace.language,
    q: input.q,
    tags: input.tags,
    limit: input.limit,
  });
  return {
    trigram: found.trigram,
    hits: found.hits.map((hit) => ({
      document: documentDto(hit.document),
      score: hit.score,
      fullText: hit.fullText,
      similarity: hit.similarity,
    })),
  };
}

function versionConflict(key: string, expected: number, current: number) {
  return new AppError(
    "CONFLICT",
    `"${key}" is at version ${current}, not ${expected}: read it again and retry with expectedVersion ${current}`,
    [{ path: "/expectedVersion", message: `the current version is ${current}` }],
  );
}

export function valueDto(row: ValueRow): MemoryValueDto {
  return {
    key: row.key,
    value: row.value as MemoryValueDto["value"],
    version: row.version,
    expiresAt: row.expires_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

export function documentDto(row: DocumentRow): MemoryDocumentDto {
  return {
    id: row.id,
    namespaceId: row.namespaceId,
    title: row.title,
    text: row.text,
    metadata: (row.metadata ?? {}) as MemoryDocumentDto["metadata"],
    tags: row.tags,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

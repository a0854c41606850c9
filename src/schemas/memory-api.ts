/** Contracts of shared memory: namespaces, values and documents, for operators, apps and agents. */
import { z } from "zod";
import {
  NAMESPACE_HINT,
  NAMESPACE_NAME,
  SEARCH_LANGUAGES,
  TAG,
  VALUE_KEY,
  VALUE_KEY_HINT,
} from "../domain/memory/names";
import { isoDate, pagination, uuid } from "./common";

export const namespaceName = z.string().regex(NAMESPACE_NAME, `a namespace name is ${NAMESPACE_HINT}`);
export const valueKey = z.string().regex(VALUE_KEY, `a key is ${VALUE_KEY_HINT} characters`);
const tag = z.string().regex(TAG, "a tag is letters, digits, '.', '_', ':' and '-', at most 64 characters");
const tags = z.array(tag).max(20);
/** Any JSON value; its size is checked by the service against MEMORY_MAX_VALUE_BYTES. */
// Not z.json(): its recursive schema has no name in the OpenAPI document. What arrives over HTTP
// is JSON already; only a missing value is refused here.
const jsonValue = z
  .unknown()
  .refine((value) => value !== undefined, "a value is needed (any JSON)")
  .meta({ id: "JsonValue", description: "any JSON value" });
const metadata = z
  .record(z.string().max(100), jsonValue)
  .meta({ id: "MemoryMetadata", description: "JSON object of your own fields" });

export const memoryNamespaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    clusterId: z.string().nullable().describe("the cluster it belongs to; null for a global namespace"),
    language: z.enum(SEARCH_LANGUAGES).describe("the full-text search configuration of its documents"),
    values: z.number().int(),
    documents: z.number().int(),
    createdAt: isoDate,
    archivedAt: isoDate.nullable().describe("set when its cluster was destroyed; it is purged at purgeAfter"),
    purgeAfter: isoDate.nullable(),
  })
  .meta({ id: "MemoryNamespace" });
export type MemoryNamespaceDto = z.infer<typeof memoryNamespaceSchema>;

export const namespaceListInput = z.strictObject({
  clusterId: uuid.optional().describe("only this cluster's namespaces"),
  global: z.boolean().optional().describe("true: only global namespaces"),
  includeArchived: z.boolean().default(false),
  ...pagination,
});
export const namespaceCreateInput = z.strictObject({
  clusterId: uuid.optional().describe("the cluster it belongs to; absent: a global namespace"),
  name: namespaceName,
  language: z.enum(SEARCH_LANGUAGES).default("english"),
});
export const namespaceIdInput = z.strictObject({ namespaceId: uuid });

export const memoryValueSchema = z
  .object({
    key: z.string(),
    value: jsonValue,
    version: z.number().int().describe("1 for a new key; one more with every write"),
    expiresAt: isoDate.nullable(),
    updatedAt: isoDate,
    updatedBy: z.string().describe("user:<email>, token:<name> or agent:<key>"),
  })
  .meta({ id: "MemoryValue" });
export type MemoryValueDto = z.infer<typeof memoryValueSchema>;

const writeFields = {
  value: jsonValue,
  expectedVersion: z
    .int()
    .min(0)
    // Versions are PostgreSQL integers: a larger one can never be current.
    .max(2_147_483_647)
    .optional()
    .describe("compare-and-set: write only if the key is still at this version (0: only if it does not exist)"),
  ttlSeconds: z.int().min(1).max(31_536_000).optional().describe("the value expires after this many seconds"),
};
export const valueKeyInput = z.strictObject({ namespaceId: uuid, key: valueKey });
export const valuePutInput = z.strictObject({ namespaceId: uuid, key: valueKey, ...writeFields });
export const valueDeleteInput = z.strictObject({
  namespaceId: uuid,
  key: valueKey,
  expectedVersion: writeFields.expectedVersion,
});
export const valueListInput = z.strictObject({
  namespaceId: uuid,
  prefix: z.string().max(200).optional().describe("only keys that start with this"),
  limit: z.int().min(1).max(1000).default(100),
  after: valueKey.optional().describe("the last key of the page before"),
});
export const valueListSchema = z
  .object({ items: z.array(memoryValueSchema), nextAfter: z.string().nullable() })
  .meta({ id: "MemoryValueList" });

export const memoryDocumentSchema = z
  .object({
    id: z.string(),
    namespaceId: z.string(),
    title: z.string(),
    text: z.string(),
    metadata,
    tags: z.array(z.string()),
    createdAt: isoDate,
    createdBy: z.string(),
  })
  .meta({ id: "MemoryDocument" });
export type MemoryDocumentDto = z.infer<typeof memoryDocumentSchema>;

const documentFields = {
  title: z.string().max(500).default(""),
  text: z.string().min(1, "a document needs text"),
  metadata: metadata.default({}),
  tags: tags.default([]),
};
export const documentCreateInput = z.strictObject({ namespaceId: uuid, ...documentFields });
export const documentIdInput = z.strictObject({ namespaceId: uuid, documentId: uuid });
export const documentListInput = z.strictObject({
  namespaceId: uuid,
  tag: tag.optional().describe("only documents with this tag"),
  ...pagination,
});

const searchFields = {
  q: z.string().trim().min(1, "say what to search for").max(1000),
  tags: tags.optional().describe("only documents with all of these tags"),
  limit: z.int().min(1).max(100).default(10),
};
export const searchInput = z.strictObject({ namespaceId: uuid, ...searchFields });
export const searchHitSchema = z
  .object({
    document: memoryDocumentSchema,
    score: z.number().describe("0..1: 0.7 × full-text rank (relative to the best) + 0.3 × similarity"),
    fullText: z.number().describe("0..1: its full-text rank relative to the best hit's"),
    similarity: z
      .number()
      .describe("0..1: trigram similarity of the closest of its words to a word of the query (1: the word itself)"),
  })
  .meta({ id: "MemorySearchHit" });
export const searchResultSchema = z
  .object({ hits: z.array(searchHitSchema), trigram: z.boolean().describe("whether pg_trgm similarity was used") })
  .meta({ id: "MemorySearchResult" });
export type SearchResult = z.infer<typeof searchResultSchema>;

/** One line of an export: a value or a document. */
export const exportLineSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("value"),
    key: valueKey,
    value: jsonValue,
    version: z.int().min(1).optional(),
    expiresAt: isoDate.nullable().optional(),
  }),
  z.strictObject({ kind: z.literal("document"), id: uuid.optional(), ...documentFields }),
]);
export type ExportLine = z.infer<typeof exportLineSchema>;
export const exportSchema = z
  .object({ jsonl: z.string().describe("one JSON object a line: values, then documents") })
  .meta({ id: "MemoryExport" });
export const importInput = z.strictObject({
  namespaceId: uuid,
  jsonl: z.string().min(1).describe("JSON lines as an export gives them"),
});
export const importResultSchema = z
  .object({ values: z.number().int(), documents: z.number().int() })
  .meta({ id: "MemoryImportResult" });

// ---------------------------------------------------------------- agents (the myzel-memory command)

const agentNamespace = z
  .string()
  .max(80)
  .optional()
  .describe("a namespace the agent's role may use, by name (global:<name> for a global one); absent: its own");
export const agentValueGetInput = z.strictObject({ namespace: agentNamespace, key: valueKey });
export const agentValuePutInput = z.strictObject({ namespace: agentNamespace, key: valueKey, ...writeFields });
export const agentValueDeleteInput = z.strictObject({
  namespace: agentNamespace,
  key: valueKey,
  expectedVersion: writeFields.expectedVersion,
});
export const agentDocumentCreateInput = z.strictObject({ namespace: agentNamespace, ...documentFields });
export const agentSearchInput = z.strictObject({ namespace: agentNamespace, ...searchFields });
export const agentMemoryInfoSchema = z
  .object({
    agent: z.string(),
    home: z.string(),
    read: z.array(z.string()),
    write: z.array(z.string()),
  })
  .meta({ id: "AgentMemoryGrants" });

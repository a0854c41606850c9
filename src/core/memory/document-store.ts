/**
 * Memory documents in PostgreSQL: the only writer of `memory_documents`. The full-text vector is
 * a generated column, in the language the document was written in; a trigger adds its words to
 * the namespace's lexicon (`memory_lexemes`). Search asks full text and (where pg_trgm exists)
 * the words near the query's for their best candidates and merges them
 * (domain/memory/ranking.ts). Every step is bounded, so a search costs about the same in a
 * namespace of a hundred documents or of a million.
 */
import { randomUUID } from "node:crypto";
import { type Hit, mergeRankings, type RankedHit } from "../../domain/memory/ranking";
import { tsqueryOperand } from "../../domain/memory/tsquery";
import { Prisma } from "../../generated/prisma/client";
import type { Database } from "../../infra/database/client";
import { jsonParam } from "../tasks/task-sql";

export interface DocumentRow {
  id: string;
  namespaceId: string;
  title: string;
  text: string;
  metadata: unknown;
  tags: string[];
  createdAt: Date;
  createdBy: string;
}

export interface NewDocument {
  id?: string | undefined;
  namespaceId: string;
  language: string;
  title: string;
  text: string;
  metadata: unknown;
  tags: string[];
  by: string;
}

/** PostgreSQL text cannot hold NUL. */
const storable = (text: string) => text.replaceAll("\u0000", "");

export async function insertDocument(db: Database, doc: NewDocument): Promise<DocumentRow> {
  const id = doc.id ?? randomUUID();
  const title = storable(doc.title);
  const text = storable(doc.text);
  await db.$executeRaw`
    INSERT INTO memory_documents (id, namespace_id, language, title, text, metadata, tags, created_by)
    VALUES (${id}::uuid, ${doc.namespaceId}::uuid, ${doc.language}, ${title}, ${text},
      ${jsonParam(doc.metadata)}::jsonb, ${doc.tags}::text[], ${doc.by})
    ON CONFLICT (id) DO NOTHING`;
  const row = await db.memoryDocument.findUnique({ where: { id }, select: DOCUMENT_FIELDS });
  if (!row) throw new Error(`document ${id} vanished after its insert`);
  return row;
}

export const DOCUMENT_FIELDS = {
  id: true,
  namespaceId: true,
  title: true,
  text: true,
  metadata: true,
  tags: true,
  createdAt: true,
  createdBy: true,
} as const;

let trigram: Promise<boolean> | undefined;

/** Whether pg_trgm is installed (the migration creates it where it can). */
export function hasTrigram(db: Database): Promise<boolean> {
  trigram ??= db.$queryRaw<
    Array<{ found: boolean }>
  >`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS found`
    .then((rows) => rows[0]?.found === true)
    .catch(() => {
      trigram = undefined;
      return false;
    });
  return trigram;
}

export interface SearchQuery {
  namespaceIds: string[];
  language: string;
  q: string;
  tags?: string[] | undefined;
  limit: number;
}

/**
 * How many documents each way of finding them ranks at most. GIN answers which documents hold a
 * word without reading them; ranking reads each one, so it gets a bounded set: for a word that is
 * in thousands of documents the best of some of them, not of all — the price of a bounded time.
 */
const CANDIDATES = 300;

/** How many results each way brings before the merge, for each result asked for. */
const PER_RESULT = 3;

/** Of the words near a query word (pg_trgm similarity, 0..1), how close they must be, and how many. */
const NEAR_SIMILARITY = 0.5;
const NEAR_WORDS = 5;
const QUERY_WORDS = 8;

export async function searchDocuments(
  db: Database,
  query: SearchQuery,
): Promise<{ hits: Array<RankedHit & { document: DocumentRow }>; trigram: boolean }> {
  const withTrigram = await hasTrigram(db);
  const take = query.limit * PER_RESULT;
  const near = withTrigram ? await nearWords(db, query) : [];
  const found = await db.$queryRaw<Array<Hit & { way: "full_text" | "near" }>>`
    ${fullTextCandidates(query, take)}
    ${near.length ? Prisma.sql`UNION ALL ${nearCandidates(query, near, take)}` : Prisma.empty}`;
  const ranked = mergeRankings(
    found.filter((hit) => hit.way === "full_text"),
    found.filter((hit) => hit.way === "near"),
    query.limit,
  );
  const rows = await db.memoryDocument.findMany({
    where: { id: { in: ranked.map((hit) => hit.id) } },
    select: DOCUMENT_FIELDS,
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    hits: ranked.flatMap((hit) => {
      const document = byId.get(hit.id);
      return document ? [{ ...hit, document }] : [];
    }),
    trigram: withTrigram,
  };
}

/**
 * memory_search_config is IMMUTABLE (unlike a cast to regconfig), so PostgreSQL folds the query
 * into a constant when it plans: it then knows how common the words are and picks the GIN index
 * for rare ones and a scan that stops at the bound for common ones.
 */
const config = (language: string) => Prisma.sql`memory_search_config(${language})`;

const filters = (query: SearchQuery) =>
  Prisma.sql`d.namespace_id = ANY(${query.namespaceIds}::uuid[])
    ${query.tags?.length ? Prisma.sql`AND d.tags @> ${query.tags}::text[]` : Prisma.empty}`;

/**
 * Full text, as a search box reads it (websearch_to_tsquery: "quoted phrases", or, -word): the
 * documents with every word, then — for a plain list of words, so that a question like "what do
 * we know about churn?" finds a text about churn — those with any of them; ts_rank_cd ranks a
 * document with more of the words higher.
 */
function fullTextCandidates(query: SearchQuery, take: number) {
  const cfg = config(query.language);
  const every = Prisma.sql`websearch_to_tsquery(${cfg}, ${query.q})`;
  const plain = Prisma.sql`plainto_tsquery(${cfg}, ${query.q})`;
  const any = Prisma.sql`CASE WHEN ${every}::text = ${plain}::text
    THEN replace(${plain}::text, ' & ', ' | ')::tsquery ELSE ${every} END`;
  return Prisma.sql`(
    SELECT 'full_text' AS way, c.id::text, ts_rank_cd(c.search_vector, ${any})::float8 AS score
    FROM (
      (SELECT d.id, d.search_vector FROM memory_documents d
        WHERE ${filters(query)} AND d.search_vector @@ ${every} LIMIT ${CANDIDATES})
      UNION
      (SELECT d.id, d.search_vector FROM memory_documents d
        WHERE ${filters(query)} AND d.search_vector @@ ${any} LIMIT ${CANDIDATES})
    ) c
    ORDER BY score DESC, c.id LIMIT ${take})`;
}

interface NearWord {
  lexeme: string;
  similarity: number;
}

/**
 * For each query word that no document holds (a typo, a partial word), the words of the
 * namespaces' documents closest to it: the lexicon's trigram index finds them; `%` (pg_trgm's
 * default threshold, 0.3) lets it, the similarity bound keeps only close ones. A word documents
 * hold is full text's to find. Only for a plain list of words: a query with a phrase, `or` or
 * `-word` asks for exactly that.
 */
function nearWords(db: Database, query: SearchQuery): Promise<NearWord[]> {
  const cfg = config(query.language);
  return db.$queryRaw<NearWord[]>`
    SELECT near.lexeme, max(near.similarity)::float8 AS similarity
    FROM (SELECT DISTINCT word FROM unnest(tsvector_to_array(to_tsvector(${cfg}, ${query.q}))) AS word
          WHERE websearch_to_tsquery(${cfg}, ${query.q})::text = plainto_tsquery(${cfg}, ${query.q})::text
            AND NOT EXISTS (SELECT FROM memory_lexemes known
              WHERE known.namespace_id = ANY(${query.namespaceIds}::uuid[]) AND known.lexeme = word)
          LIMIT ${QUERY_WORDS}) q,
      LATERAL (
        SELECT l.lexeme, similarity(l.lexeme, q.word) AS similarity FROM memory_lexemes l
        WHERE l.namespace_id = ANY(${query.namespaceIds}::uuid[]) AND l.lexeme % q.word
        ORDER BY similarity DESC LIMIT ${NEAR_WORDS}) near
    WHERE near.similarity >= ${NEAR_SIMILARITY}
    GROUP BY near.lexeme`;
}

/** The documents that hold a word near the query's, scored by the closest such word they hold. */
function nearCandidates(query: SearchQuery, near: NearWord[], take: number) {
  const operands = near.map((word) => tsqueryOperand(word.lexeme));
  return Prisma.sql`(
    SELECT 'near' AS way, c.id::text,
      (SELECT max(n.similarity) FROM unnest(${operands}::text[], ${near.map((w) => w.similarity)}::float8[]) AS n(operand, similarity)
        WHERE c.search_vector @@ n.operand::tsquery)::float8 AS score
    FROM (SELECT d.id, d.search_vector FROM memory_documents d
      WHERE ${filters(query)} AND d.search_vector @@ ${operands.join(" | ")}::tsquery
      LIMIT ${CANDIDATES}) c
    ORDER BY score DESC, c.id LIMIT ${take})`;
}

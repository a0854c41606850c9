/**
 * Memory documents in PostgreSQL: the only writer of `memory_documents`. The full-text vector is
 * computed by PostgreSQL in the namespace's language when a document is written; search asks
 * full text and (where pg_trgm exists) trigram word similarity for their best candidates and
 * merges them (domain/memory/ranking.ts).
 */
import { randomUUID } from "node:crypto";
import { type Hit, mergeRankings, type RankedHit } from "../../domain/memory/ranking";
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
    INSERT INTO memory_documents (id, namespace_id, title, text, metadata, tags, search_vector, created_by)
    VALUES (${id}::uuid, ${doc.namespaceId}::uuid, ${title}, ${text}, ${jsonParam(doc.metadata)}::jsonb,
      ${doc.tags}::text[],
      setweight(to_tsvector(${doc.language}::regconfig, ${title}), 'A') ||
        setweight(to_tsvector(${doc.language}::regconfig, ${text}), 'B'),
      ${doc.by})
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
 * The query's words, any of them (a question like "what do we know about churn?" must find a
 * text about churn): plainto_tsquery's stems and stop words, with OR in place of AND; ts_rank_cd
 * still ranks a document that has more of them higher.
 */
const anyWord = (language: string, q: string) =>
  Prisma.sql`(SELECT replace(plainto_tsquery(${language}::regconfig, ${q})::text, ' & ', ' | ')::tsquery AS q)`;

/** How many candidates each way brings before the merge. */
const CANDIDATES = 3;

export async function searchDocuments(
  db: Database,
  query: SearchQuery,
): Promise<{ hits: Array<RankedHit & { document: DocumentRow }>; trigram: boolean }> {
  const withTrigram = await hasTrigram(db);
  const take = query.limit * CANDIDATES;
  const tagged = query.tags?.length ? Prisma.sql`AND tags @> ${query.tags}::text[]` : Prisma.empty;
  const inNamespaces = Prisma.sql`namespace_id = ANY(${query.namespaceIds}::uuid[])`;
  const [fullText, similar] = await Promise.all([
    db.$queryRaw<Hit[]>`
      SELECT id::text, ts_rank_cd(search_vector, words.q)::float8 AS score
      FROM memory_documents, ${anyWord(query.language, query.q)} AS words
      WHERE ${inNamespaces} AND search_vector @@ words.q ${tagged}
      ORDER BY score DESC LIMIT ${take}`,
    withTrigram
      ? db.$queryRaw<Hit[]>`
          SELECT id::text, word_similarity(${query.q}, text)::float8 AS score
          FROM memory_documents
          WHERE ${inNamespaces} AND ${query.q} <% text ${tagged}
          ORDER BY score DESC LIMIT ${take}`
      : Promise.resolve([]),
  ]);
  const ranked = mergeRankings(fullText, similar, query.limit);
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

-- Memory search that stays fast at 100,000 documents a namespace.
--
-- 1. The full-text vector becomes a generated column: PostgreSQL computes it from the title and
--    text in the language the document was written in, whoever writes the row (the store, an
--    import, a restore). The language is kept on the document as text (a regconfig column would
--    stop pg_upgrade); memory_search_config turns it into the configuration. It is declared
--    IMMUTABLE, as a generated column requires: the configurations it names are PostgreSQL's own.
-- 2. Trigram similarity no longer runs over every document's text (word_similarity costs time in
--    proportion to the text, and the index cannot narrow a text of many words well): each
--    namespace keeps the set of words its documents were indexed with, trigram-indexed, so a
--    misspelt or partial query word finds the real words near it, and those find documents
--    through the full-text index (the pg_trgm documentation's "text search integration").

CREATE FUNCTION memory_search_config(language text) RETURNS regconfig
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT language::regconfig $$;

ALTER TABLE "memory_documents" ADD COLUMN "language" TEXT;
UPDATE "memory_documents" d SET "language" = n."language" FROM "memory_namespaces" n WHERE n."id" = d."namespace_id";
ALTER TABLE "memory_documents" ALTER COLUMN "language" SET NOT NULL;

DROP INDEX IF EXISTS "memory_documents_search_vector_idx";
DROP INDEX IF EXISTS "memory_documents_text_trgm_idx";
ALTER TABLE "memory_documents" DROP COLUMN "search_vector";
ALTER TABLE "memory_documents" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector(memory_search_config("language"), "title"), 'A') ||
  setweight(to_tsvector(memory_search_config("language"), "text"), 'B')
) STORED;
CREATE INDEX "memory_documents_search_vector_idx" ON "memory_documents" USING GIN ("search_vector");

-- The words of each namespace's documents, as indexed (stems, in the document's language).
CREATE TABLE "memory_lexemes" (
    "namespace_id" UUID NOT NULL,
    "lexeme" TEXT NOT NULL,

    CONSTRAINT "memory_lexemes_pkey" PRIMARY KEY ("namespace_id","lexeme")
);
ALTER TABLE "memory_lexemes" ADD CONSTRAINT "memory_lexemes_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "memory_namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Once per statement, so a bulk insert adds its words in one pass. Words of deleted documents
-- stay (a similar word that no document has any more finds nothing); the namespace's deletion
-- removes them.
CREATE FUNCTION memory_lexemes_of_new_documents() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO memory_lexemes (namespace_id, lexeme)
    SELECT DISTINCT added.namespace_id, word
    FROM added, unnest(tsvector_to_array(added.search_vector)) AS word
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER memory_documents_lexemes AFTER INSERT ON memory_documents
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION memory_lexemes_of_new_documents();

INSERT INTO memory_lexemes (namespace_id, lexeme)
  SELECT DISTINCT namespace_id, word FROM memory_documents, unnest(tsvector_to_array(search_vector)) AS word
ON CONFLICT DO NOTHING;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX "memory_lexemes_lexeme_trgm_idx" ON "memory_lexemes" USING GIN ("lexeme" gin_trgm_ops);
  END IF;
END
$$;

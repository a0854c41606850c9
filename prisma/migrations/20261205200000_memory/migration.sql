-- Shared cluster memory: namespaces, values (versioned JSON) and documents (full-text and trigram search).

-- pg_trgm is in PostgreSQL's contrib and trusted (the database owner may create it). Where it is
-- missing, search ranks by full text alone: the store checks for the extension at run time.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN others THEN
  RAISE NOTICE 'pg_trgm is not available (%): memory search uses full text only', SQLERRM;
END
$$;

-- CreateTable
CREATE TABLE "memory_namespaces" (
    "id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "cluster_id" UUID,
    "name" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'english',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),
    "purge_after" TIMESTAMPTZ(3),

    CONSTRAINT "memory_namespaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memory_values" (
    "namespace_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "memory_values_pkey" PRIMARY KEY ("namespace_id","key")
);

-- CreateTable
CREATE TABLE "memory_documents" (
    "id" UUID NOT NULL,
    "namespace_id" UUID NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "text" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "tags" TEXT[],
    "search_vector" tsvector,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "memory_documents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "memory_namespaces_scope_name_key" ON "memory_namespaces"("scope", "name");
CREATE INDEX "memory_namespaces_purge_after_idx" ON "memory_namespaces"("purge_after");
CREATE INDEX "memory_documents_namespace_id_created_at_idx" ON "memory_documents"("namespace_id", "created_at");
CREATE INDEX "memory_documents_search_vector_idx" ON "memory_documents" USING GIN ("search_vector");
CREATE INDEX "memory_documents_tags_idx" ON "memory_documents" USING GIN ("tags");

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX "memory_documents_text_trgm_idx" ON "memory_documents" USING GIN ("text" gin_trgm_ops);
  END IF;
END
$$;

-- AddForeignKey
ALTER TABLE "memory_values" ADD CONSTRAINT "memory_values_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "memory_namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memory_documents" ADD CONSTRAINT "memory_documents_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "memory_namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

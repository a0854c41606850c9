-- CreateTable
CREATE TABLE "producers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "cluster_ids" TEXT[],
    "password_sha256" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "producers_pkey" PRIMARY KEY ("id")
);

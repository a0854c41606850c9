-- Spending budgets per cluster (or global) and UTC day or month.
CREATE TABLE "budgets" (
    "id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "cluster_id" UUID,
    "period" TEXT NOT NULL,
    "soft_usd" DOUBLE PRECISION,
    "hard_usd" DOUBLE PRECISION,
    "resumed_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "budgets_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "budgets_scope_period_key" ON "budgets"("scope", "period");

ALTER TABLE "budgets" ADD CONSTRAINT "budgets_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

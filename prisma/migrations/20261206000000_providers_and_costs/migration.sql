-- Providers (an LLM endpoint with fleet-wide limits), model prices, and the cost of each task.
CREATE TABLE "providers" (
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "api_key_env" TEXT,
    "requests_per_minute" INTEGER,
    "tokens_per_minute" INTEGER,
    "concurrent_requests" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "providers_pkey" PRIMARY KEY ("name")
);

CREATE TABLE "model_prices" (
    "model" TEXT NOT NULL,
    "input_per_million" DOUBLE PRECISION NOT NULL,
    "output_per_million" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_prices_pkey" PRIMARY KEY ("model")
);

ALTER TABLE "tasks" ADD COLUMN "cost_usd" DOUBLE PRECISION;

CREATE INDEX "tasks_finished_at_idx" ON "tasks"("finished_at");

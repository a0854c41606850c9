-- CreateTable
CREATE TABLE "planner_calls" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "goal" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "model" TEXT,
    "blueprint_id" TEXT,
    "attempts" INTEGER NOT NULL,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "duration_ms" INTEGER NOT NULL,

    CONSTRAINT "planner_calls_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "planner_calls_at_idx" ON "planner_calls"("at");

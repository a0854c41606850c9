-- The healing history's words become enums, and what Myzel did about an entry becomes a column
-- instead of words in "action". Every kind, severity and outcome any version wrote is a member,
-- so each existing row converts as it is.
CREATE TYPE "HealingKind" AS ENUM ('agent_crashed', 'agent_hung', 'circuit_opened', 'circuit_closed', 'node_lost', 'cpu_high', 'memory_high', 'disk_high', 'redis_down', 'redis_slow', 'database_down', 'database_slow', 'manual_heal', 'chaos_drill');
CREATE TYPE "HealingSeverity" AS ENUM ('info', 'warning', 'critical');
CREATE TYPE "HealingOutcome" AS ENUM ('pending', 'ok', 'failed', 'held');
CREATE TYPE "HealingResponse" AS ENUM ('acted', 'reported', 'clear');

ALTER TABLE "healing_events"
  ALTER COLUMN "kind" TYPE "HealingKind" USING ("kind"::"HealingKind"),
  ALTER COLUMN "severity" DROP DEFAULT,
  ALTER COLUMN "severity" TYPE "HealingSeverity" USING ("severity"::"HealingSeverity"),
  ALTER COLUMN "severity" SET DEFAULT 'warning',
  ALTER COLUMN "outcome" DROP DEFAULT,
  ALTER COLUMN "outcome" TYPE "HealingOutcome" USING ("outcome"::"HealingOutcome"),
  ALTER COLUMN "outcome" SET DEFAULT 'pending',
  ADD COLUMN "response" "HealingResponse" NOT NULL DEFAULT 'acted';

-- Until now the dashboard read these two facts from the action's text.
UPDATE "healing_events" SET "response" = 'reported' WHERE "action" = 'reported';
UPDATE "healing_events" SET "response" = 'clear' WHERE "action" = 'nothing to heal';

-- A task's place in a distributed trace (W3C traceparent of the span that submitted or delegated it).
ALTER TABLE "tasks" ADD COLUMN "traceparent" TEXT;

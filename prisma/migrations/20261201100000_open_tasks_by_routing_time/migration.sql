-- Open tasks in the order they were routed: the lost-job check walks them a page at a time.
-- Partial, so it holds only the work in progress, not the history.
CREATE INDEX "tasks_open_routed_at_idx" ON "tasks"("routed_at") WHERE "status" IN ('QUEUED', 'RUNNING');

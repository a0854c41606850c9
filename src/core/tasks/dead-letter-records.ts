import type { Database } from "../../infra/database/client";

/**
 * A dead letter per submitted task that failed for good: the reason, and every failed attempt.
 * Delegated subtasks get none: their failure is part of their parent's story, and replaying
 * the parent runs them again.
 */
export async function recordDeadLetters(db: Database, taskIds: readonly string[]): Promise<void> {
  if (!taskIds.length) return;
  await db.$executeRaw`
    INSERT INTO dead_letters (id, cluster_id, task_id, queue, job_name, data, reason)
    SELECT gen_random_uuid(), t.cluster_id::text, t.id, 'tasks', t.type,
      jsonb_build_object(
        'taskId', t.id, 'targetKind', t.target_kind, 'targetValue', t.target_value, 'payload', t.payload,
        'sessionKey', t.session_key, 'timeoutMs', t.timeout_ms, 'maxAttempts', t.max_attempts, 'priority', t.priority, 'source', t.source,
        'attempts', coalesce((SELECT jsonb_agg(jsonb_build_object('attempt', a.attempt, 'agentId', a.agent_id, 'outcome', a.outcome, 'error', a.error, 'at', a.finished_at) ORDER BY a.attempt, a.id)
          FROM task_attempts a WHERE a.task_id = t.id), '[]'::jsonb)),
      coalesce(t.error, 'failed')
    FROM tasks t WHERE t.id = ANY(${[...taskIds]}::uuid[]) AND t.parent_task_id IS NULL
    ON CONFLICT (task_id) DO NOTHING`;
}

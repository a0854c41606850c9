"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage } from "../../lib/api-error";
import type { DeadLetter } from "../../lib/api-types";
import { formatRelative } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Panel } from "../ui/panel";
import { shortId } from "./task-text";

interface FailedAttempt {
  attempt: number;
  agentId: string | null;
  outcome: "failed" | "lost";
  error: string;
  at: string;
}

/** What the task store keeps of each attempt in a task's dead letter. */
const attemptsOf = (letter: DeadLetter) => (letter.data as { attempts?: FailedAttempt[] } | null)?.attempts ?? [];

/**
 * A task that failed for good: every attempt's error, and Replay, which submits it anew as it
 * was first submitted and opens the new task.
 */
export function DeadLetterPanel({
  taskId,
  agentName,
}: {
  taskId: string;
  agentName: (agentId: string | null) => string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const { canOperate } = usePermissions();
  const letters = useQuery(trpc.deadLetters.list.queryOptions({ taskId, limit: 1 }));
  const replay = useMutation({
    ...trpc.deadLetters.replay.mutationOptions(),
    onSuccess: ({ deadLetter }) => deadLetter.replayTaskId && router.push(`/tasks/${deadLetter.replayTaskId}`),
  });
  const letter = letters.data?.items[0];
  if (!letter) return null;
  const attempts = attemptsOf(letter);

  return (
    <Panel
      title="Dead letter"
      description={`Failed for good ${formatRelative(letter.createdAt)}; ${attempts.length} attempt${attempts.length === 1 ? "" : "s"} on record`}
      id="dead-letter"
      actions={
        letter.replayedAt
          ? letter.replayTaskId && (
              <a
                href={`/tasks/${letter.replayTaskId}`}
                className="text-sm text-emerald-700 hover:underline dark:text-emerald-400"
              >
                Replayed as {shortId(letter.replayTaskId)}
              </a>
            )
          : canOperate && (
              <Button size="sm" onClick={() => replay.mutate({ id: letter.id })} disabled={replay.isPending}>
                <RotateCcw aria-hidden /> {replay.isPending ? "Replaying…" : "Replay"}
              </Button>
            )
      }
    >
      {replay.isError && <Alert className="mb-3">Could not replay the task: {errorMessage(replay.error)}</Alert>}
      <ol className="flex flex-col gap-2 text-sm" aria-label="Failed attempts">
        {attempts.map((attempt) => (
          <li
            key={`${attempt.attempt}-${attempt.at}`}
            className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2 text-xs text-zinc-500 dark:text-zinc-400">
              <span>
                Attempt {attempt.attempt} · {agentName(attempt.agentId)} ·{" "}
                {attempt.outcome === "lost" ? "lost" : "failed"}
              </span>
              <time dateTime={attempt.at}>{formatRelative(attempt.at)}</time>
            </div>
            <p className="mt-1 break-words text-red-700 dark:text-red-400">{attempt.error}</p>
          </li>
        ))}
      </ol>
    </Panel>
  );
}

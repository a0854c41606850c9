"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Ban, RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Task } from "../../lib/api-types";
import { useTRPC } from "../../trpc";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { shortId } from "./task-text";

const FINISHED = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

/** The same request sent again, as a new task: target, type, payload, session, timeout and attempts. */
function replayInput(task: Task) {
  const { kind, value } = task.target;
  return {
    id: task.clusterId,
    type: task.type,
    payload: task.payload,
    timeoutMs: task.timeoutMs,
    maxAttempts: task.maxAttempts,
    ...(task.sessionKey ? { sessionKey: task.sessionKey } : {}),
    ...(kind === "role" && value ? { role: value } : {}),
    ...(kind === "capability" && value ? { capability: value } : {}),
    ...(kind === "agent" && value ? { agentId: value } : {}),
  };
}

/** Replay (a finished task, as a new one) and Cancel (one still open), each confirmed in the app's dialog. */
export function TaskActions({ task }: { task: Task }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<"replay" | "cancel" | null>(null);
  const replay = useMutation(
    trpc.tasks.submit.mutationOptions({
      onSuccess: (created) => {
        setAsking(null);
        router.push(`/tasks/${created.id}`);
      },
    }),
  );
  const cancel = useMutation(
    trpc.tasks.cancel.mutationOptions({
      onSuccess: async () => {
        setAsking(null);
        await queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
      },
    }),
  );
  const finished = FINISHED.has(task.status);
  // A submitted task that failed for good has its dead letter's Replay, which also marks the letter.
  if (task.status === "FAILED" && task.parentTaskId === null) return null;
  return (
    <>
      {finished ? (
        <Button
          onClick={() => {
            replay.reset();
            setAsking("replay");
          }}
        >
          <RotateCcw aria-hidden /> Replay
        </Button>
      ) : (
        <Button
          variant="danger"
          onClick={() => {
            cancel.reset();
            setAsking("cancel");
          }}
        >
          <Ban aria-hidden /> Cancel task
        </Button>
      )}
      <ConfirmDialog
        open={asking === "replay"}
        title={`Replay task ${shortId(task.id)}?`}
        description="The same request (target, payload, timeout and attempts) is sent again as a new task; this one stays as it is."
        confirm="Send again"
        pending={replay.isPending}
        error={replay.error}
        onConfirm={() => replay.mutate(replayInput(task))}
        onClose={() => setAsking(null)}
      />
      <ConfirmDialog
        open={asking === "cancel"}
        title={`Cancel task ${shortId(task.id)}?`}
        description="It ends as Cancelled, and an agent running it is told to stop."
        confirm="Cancel task"
        tone="danger"
        pending={cancel.isPending}
        error={cancel.error}
        onConfirm={() => cancel.mutate({ id: task.id })}
        onClose={() => setAsking(null)}
      />
    </>
  );
}

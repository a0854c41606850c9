"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check, X } from "lucide-react";
import { useId, useState } from "react";
import { MAX_APPROVAL_COMMENT } from "@/schemas/approval-api";
import { errorMessage } from "../../lib/api-error";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Field, Textarea } from "../ui/field";

/** Approve or Reject one waiting task, with a comment (required to reject). */
export function ApprovalDecision({ taskId }: { taskId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [comment, setComment] = useState("");
  const [missingReason, setMissingReason] = useState(false);
  const settled = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
  };
  const approve = useMutation(trpc.approvals.approve.mutationOptions({ onSuccess: settled }));
  const reject = useMutation(trpc.approvals.reject.mutationOptions({ onSuccess: settled }));
  const pending = approve.isPending || reject.isPending;
  const error = approve.error ?? reject.error;

  return (
    <div className="flex flex-col gap-2">
      <Field
        id={`${id}-comment`}
        label="Comment"
        hint="Optional to approve; a rejection says why."
        error={missingReason ? "Say why the task is rejected." : undefined}
      >
        <Textarea
          id={`${id}-comment`}
          rows={2}
          maxLength={MAX_APPROVAL_COMMENT}
          value={comment}
          aria-invalid={missingReason || undefined}
          onChange={(event) => {
            setComment(event.target.value);
            setMissingReason(false);
          }}
        />
      </Field>
      {error && <Alert>{errorMessage(error)}</Alert>}
      <div className="flex gap-2">
        <Button
          variant="primary"
          disabled={pending}
          onClick={() => approve.mutate({ id: taskId, ...(comment.trim() ? { comment: comment.trim() } : {}) })}
        >
          <Check aria-hidden /> Approve
        </Button>
        <Button
          variant="danger"
          disabled={pending}
          onClick={() => {
            if (!comment.trim()) return setMissingReason(true);
            reject.mutate({ id: taskId, comment: comment.trim() });
          }}
        >
          <X aria-hidden /> Reject
        </Button>
      </div>
    </div>
  );
}

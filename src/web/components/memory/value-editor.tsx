"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../../lib/api-error";
import type { MemoryValue } from "../../lib/api-types";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { controlProps, Field, Input, Textarea } from "../ui/field";

/** The JSON typed into the editor, or what is wrong with it. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
}

/**
 * Writes a value with compare-and-set: an edit is saved only while the value is still at the
 * version shown, a new key only while it does not exist; otherwise the server's 409 says which
 * version is current and nothing is overwritten.
 */
export function ValueEditor({
  namespaceId,
  entry,
  onDone,
}: {
  namespaceId: string;
  entry?: MemoryValue;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key, setKey] = useState(entry?.key ?? "");
  const [text, setText] = useState(entry ? JSON.stringify(entry.value, null, 2) : "");
  const parsed = parseJson(text);
  const save = useMutation(
    trpc.memory.putValue.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.memory.values.queryFilter({ namespaceId }));
        onDone();
      },
    }),
  );
  const jsonError = text.trim() && !parsed.ok ? parsed.error : undefined;

  return (
    <form
      className="flex flex-col gap-3"
      aria-label={entry ? `Edit ${entry.key}` : "New value"}
      onSubmit={(event) => {
        event.preventDefault();
        if (!parsed.ok || !key) return;
        save.mutate({ namespaceId, key, value: parsed.value, expectedVersion: entry?.version ?? 0 });
      }}
    >
      {!entry && (
        <Field id="memory-key" label="Key">
          <Input {...controlProps("memory-key")} value={key} onChange={(event) => setKey(event.target.value)} />
        </Field>
      )}
      <Field
        id="memory-value"
        label={entry ? `${entry.key} (version ${entry.version})` : "Value (JSON)"}
        error={jsonError}
      >
        <Textarea
          {...controlProps("memory-value", jsonError)}
          rows={6}
          className="font-mono text-xs"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </Field>
      {save.error && <Alert tone="error">{errorMessage(save.error)}</Alert>}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={!parsed.ok || !key || save.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}

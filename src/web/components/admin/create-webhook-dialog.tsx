"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { SUBSCRIBABLE_TOPICS } from "@/schemas/alert-api";
import { errorMessage, fieldErrors } from "../../lib/api-error";
import { humanize } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { CodeBlock } from "../ui/code-block";
import { Dialog } from "../ui/dialog";
import { describedBy, Field, Input, Select } from "../ui/field";
import { FormActions } from "../ui/submit-button";

type Topic = (typeof SUBSCRIBABLE_TOPICS)[number];

/** Adds an alert webhook and shows its signing secret once. */
export function CreateWebhookDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.alertWebhooks.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.alertWebhooks.list.queryKey() }),
    }),
  );
  const errors = fieldErrors(create.error);
  const close = () => {
    create.reset();
    onClose();
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: String(form.get("name")),
      url: String(form.get("url")),
      format: String(form.get("format")) as "json" | "slack",
      topics: form.getAll("topics").map(String) as Topic[],
    });
  }

  if (create.data) {
    return (
      <Dialog
        open={open}
        onClose={close}
        title="Webhook added"
        description="Copy the signing secret now: it is not shown again."
      >
        <div className="flex flex-col gap-4">
          <div data-testid="webhook-secret">
            <CodeBlock code={create.data.secret} title={create.data.info.name} />
          </div>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Each request carries <code>X-Myzel-Signature: sha256=HMAC(secret, timestamp + "." + body)</code> and{" "}
            <code>X-Myzel-Timestamp</code>.
          </p>
          <div className="flex justify-end">
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog open={open} onClose={close} title="New alert webhook" description="Where Myzel sends alerts, signed.">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <Field id="webhook-name" label="Name" hint="e.g. “On-call Slack”." error={errors.name}>
          <Input
            id="webhook-name"
            name="name"
            required
            aria-invalid={!!errors.name}
            aria-describedby={describedBy("webhook-name", errors.name, "hint")}
          />
        </Field>
        <Field id="webhook-url" label="URL" hint="http:// or https://; receives POST requests." error={errors.url}>
          <Input
            id="webhook-url"
            name="url"
            type="url"
            required
            aria-invalid={!!errors.url}
            aria-describedby={describedBy("webhook-url", errors.url, "hint")}
          />
        </Field>
        <Field id="webhook-format" label="Format">
          <Select id="webhook-format" name="format" defaultValue="json">
            <option value="json">JSON — Myzel's alert object</option>
            <option value="slack">Slack — incoming-webhook message</option>
          </Select>
        </Field>
        <fieldset className="flex flex-col gap-1.5">
          <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Alerts</legend>
          {SUBSCRIBABLE_TOPICS.map((topic) => (
            <label key={topic} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="topics" value={topic} defaultChecked />
              {humanize(topic)}
            </label>
          ))}
          {errors.topics && <p className="text-xs text-red-600 dark:text-red-400">{errors.topics}</p>}
        </fieldset>
        {create.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(create.error)}</Alert>}
        <FormActions pending={create.isPending} submitLabel="Add webhook" onCancel={close} />
      </form>
    </Dialog>
  );
}

import { Loader2, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "./button";

/** A form's primary button: a spinner in place of its icon while the form is being sent. */
export function SubmitButton({
  pending,
  icon: Icon,
  children,
}: {
  pending: boolean;
  icon?: LucideIcon;
  children: ReactNode;
}) {
  return (
    <Button type="submit" variant="primary" disabled={pending}>
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : Icon && <Icon aria-hidden />}
      {children}
    </Button>
  );
}

/** The end of a form in a dialog: cancel, and the submit button. */
export function FormActions({
  pending,
  submitLabel,
  onCancel,
}: {
  pending: boolean;
  submitLabel: string;
  onCancel: () => void;
}) {
  return (
    <div className="flex justify-end gap-2">
      <Button onClick={onCancel}>Cancel</Button>
      <SubmitButton pending={pending}>{submitLabel}</SubmitButton>
    </div>
  );
}

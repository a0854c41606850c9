import { Compass } from "lucide-react";
import { ButtonLink } from "../web/components/ui/button";
import { EmptyState } from "../web/components/ui/empty-state";

export default function NotFound() {
  return (
    <EmptyState
      icon={Compass}
      title="Page not found"
      description="There is nothing at this address. It may have moved, or the link is incomplete."
      actions={<ButtonLink href="/clusters">Go to clusters</ButtonLink>}
    />
  );
}

import type { Metadata } from "next";
import { WebhooksView } from "../../../web/components/admin/webhooks-view";

export const metadata: Metadata = { title: "Alert webhooks" };

export default function AdminAlertsPage() {
  return <WebhooksView />;
}

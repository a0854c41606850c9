import type { Metadata } from "next";
import { ProvidersView } from "../../../web/components/admin/providers-view";

export const metadata: Metadata = { title: "Providers" };

export default function AdminProvidersPage() {
  return <ProvidersView />;
}

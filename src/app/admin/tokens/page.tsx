import type { Metadata } from "next";
import { TokensView } from "../../../web/components/admin/tokens-view";

export const metadata: Metadata = { title: "API tokens" };

export default function AdminTokensPage() {
  return <TokensView />;
}

import type { Metadata } from "next";
import { BackupsView } from "../../../web/components/backups/backups-view";

export const metadata: Metadata = { title: "Backups" };

export default function AdminBackupsPage() {
  return <BackupsView />;
}

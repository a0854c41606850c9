import type { Metadata } from "next";
import { BlueprintsView } from "../../web/components/blueprints/blueprints-view";

export const metadata: Metadata = { title: "Blueprints" };

export default function BlueprintsPage() {
  return <BlueprintsView />;
}

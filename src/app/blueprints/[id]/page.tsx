import type { Metadata } from "next";
import { Suspense } from "react";
import { BlueprintDetailView } from "../../../web/components/blueprints/blueprint-detail-view";

export const metadata: Metadata = { title: "Blueprint" };

export default async function BlueprintPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <BlueprintDetailView id={decodeURIComponent(id)} />
    </Suspense>
  );
}

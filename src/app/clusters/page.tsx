import type { Metadata } from "next";
import { Suspense } from "react";
import { ClustersView } from "../../web/components/clusters/clusters-view";

export const metadata: Metadata = { title: "Clusters" };

export default function ClustersPage() {
  return (
    <Suspense>
      <ClustersView />
    </Suspense>
  );
}

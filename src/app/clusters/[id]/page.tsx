import type { Metadata } from "next";
import { ClusterDetailView } from "../../../web/components/clusters/cluster-detail-view";

export const metadata: Metadata = { title: "Cluster" };

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ClusterDetailView id={id} />;
}

import type { Metadata } from "next";
import { PlanClusterView } from "../../../web/components/planner/plan-cluster-view";

export const metadata: Metadata = { title: "Plan a cluster" };

export default function PlanClusterPage() {
  return <PlanClusterView />;
}

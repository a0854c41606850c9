import type { Metadata } from "next";
import { Suspense } from "react";
import { HealingView } from "../../web/components/healing/healing-view";

export const metadata: Metadata = { title: "Healing history" };

export default function HealingPage() {
  return (
    <Suspense>
      <HealingView />
    </Suspense>
  );
}

"use client";
import { PageHeader } from "../ui/page-header";
import { MemoryBrowser } from "./memory-browser";

/** Every memory namespace, global and of clusters: browse, search and edit. */
export function MemoryView() {
  return (
    <>
      <PageHeader
        title="Memory"
        description="Namespaces of shared memory: values that agents and apps read and write with compare-and-set, and documents they search."
      />
      <MemoryBrowser />
    </>
  );
}

"use client";
import { useEffect } from "react";

/**
 * A page's tab title from its data ("Marketing Q1 · Cluster · Myzel"): the route's metadata only
 * knows the kind of page. Undefined leaves the route's title while the data loads.
 */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    if (!title) return;
    const previous = document.title;
    document.title = `${title} · Myzel`;
    return () => {
      document.title = previous;
    };
  }, [title]);
}

"use client";
/**
 * What a page receives live: it watches a cluster (or all of them) on the shared Socket.IO
 * connection while it is shown. The events themselves are written into the query cache by
 * useLiveCache, once for the whole app.
 */
import { useEffect, useSyncExternalStore } from "react";
import {
  getServerStatus,
  getStatus,
  type LiveStatus,
  subscribeStatus,
  type WatchTarget,
  watch,
} from "../live/live-socket";

export function useLiveEvents(target: WatchTarget | undefined): LiveStatus {
  const key = target ? JSON.stringify(target) : "";
  useEffect(() => {
    if (!key) return;
    return watch(JSON.parse(key) as WatchTarget);
  }, [key]);
  return useLiveStatus();
}

/** The connection's state, for the indicator in the sidebar and the banner. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribeStatus, getStatus, getServerStatus);
}

"use client";
/**
 * Keeps what a page shows up to date: it watches a cluster (or all of them) on the shared
 * Socket.IO connection and, on each event, invalidates exactly the tRPC queries the event
 * affects. After a reconnect everything on screen is refetched, since events may have been missed.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import type { MyzelEvent } from "@/schemas/events";
import { getServerStatus, getStatus, liveSocket, onReconnect, subscribeStatus, watch, type LiveStatus, type WatchTarget } from "../live/live-socket";
import { useTRPC } from "../trpc";

export function useLiveEvents(target: WatchTarget | undefined): LiveStatus {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = target ? JSON.stringify(target) : "";

  useEffect(() => {
    if (!key) return;
    const watching = JSON.parse(key) as WatchTarget;
    const socket = liveSocket();
    const onEvent = (event: MyzelEvent) => {
      if ("clusterId" in watching && watching.clusterId !== event.clusterId) return;
      const id = event.clusterId;
      if (event.type.startsWith("cluster.")) {
        void queryClient.invalidateQueries({ queryKey: trpc.clusters.list.pathKey() });
        void queryClient.invalidateQueries(trpc.clusters.get.queryFilter({ id }));
      }
      // Agents change with membership and status, and go busy or idle as tasks come and go.
      if (event.type !== "cluster.created" && event.type !== "cluster.updated") {
        void queryClient.invalidateQueries(trpc.hierarchy.get.queryFilter({ id }));
        void queryClient.invalidateQueries(trpc.agents.list.queryFilter({ id }));
        void queryClient.invalidateQueries(trpc.agents.metrics.queryFilter({ id }));
      }
    };
    socket.on("event", onEvent);
    const unwatch = watch(watching);
    const stopReconnect = onReconnect(() => void queryClient.invalidateQueries());
    return () => {
      socket.off("event", onEvent);
      unwatch();
      stopReconnect();
    };
  }, [key, queryClient, trpc]);

  return useLiveStatus();
}

/** The connection's state, for the indicator in the sidebar. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribeStatus, getStatus, getServerStatus);
}

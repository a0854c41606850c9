"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Cluster } from "../../lib/api-types";
import { useTRPC } from "../../trpc";

/**
 * After a change to a cluster: show the cluster the server returned at once, then refetch what
 * depends on it (agents, hierarchy, lists). The live event would do the same a moment later.
 */
export function useClusterRefresh(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    async (updated?: Cluster) => {
      if (updated) queryClient.setQueryData(trpc.clusters.get.queryKey({ id }), updated);
      await Promise.all([
        queryClient.invalidateQueries(trpc.clusters.get.queryFilter({ id })),
        queryClient.invalidateQueries({ queryKey: trpc.clusters.list.pathKey() }),
        queryClient.invalidateQueries(trpc.hierarchy.get.queryFilter({ id })),
        queryClient.invalidateQueries(trpc.agents.list.queryFilter({ id })),
      ]);
    },
    [id, queryClient, trpc],
  );
}

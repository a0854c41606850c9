"use client";
/**
 * Writes every live event into the TanStack Query cache, once for the whole page: what an
 * event says (an agent's status, a finished task, a healing entry, a system sample) is
 * patched into the cached data at once; what it cannot say is refetched, throttled. The
 * socket only delivers the rooms the page watches (useLiveEvents), so events of clusters
 * not on screen never arrive. After a reconnect the socket resumes where it was (the server
 * sends what was missed); only a `resync` — events lost for good — fetches everything again.
 */
import { type QueryClient, type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { MyzelEvent } from "@/schemas/events";
import type { HealingListInput, HealingPage } from "../lib/api-types";
import { useTRPC } from "../trpc";
import {
  applyAgentStatus,
  applyAgentStatusToHierarchy,
  applyHealing,
  applyMetricSample,
  applySystemSample,
  applyTasksFinished,
  applyTasksStarted,
} from "./cache-updates";
import { onLiveEvent, onReconnect } from "./live-socket";
import { createRefetchThrottle } from "./throttle-refetch";

/** At most this often per query, a burst of events refetches it; figures computed over every task, less often. */
const REFETCH_INTERVAL_MS = 400;
const HEAVY_REFETCH_INTERVAL_MS = 2000;

type Trpc = ReturnType<typeof useTRPC>;

export function useLiveCache() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  useEffect(() => {
    const throttle = createRefetchThrottle(REFETCH_INTERVAL_MS);
    const heavyThrottle = createRefetchThrottle(HEAVY_REFETCH_INTERVAL_MS);
    const heavy = [trpc.agents.metrics.pathKey(), trpc.system.overview.pathKey()].map((key) => JSON.stringify(key));
    const refetch = (queryKey: QueryKey) => {
      const key = JSON.stringify(queryKey);
      (heavy.includes(key) ? heavyThrottle : throttle).request(key, () => void refresh(queryClient, queryKey));
    };
    const stopEvents = onLiveEvent((event: MyzelEvent) => applyEvent(event, { trpc, queryClient, refetch }));
    const stopReconnect = onReconnect(() => void queryClient.invalidateQueries());
    return () => {
      stopEvents();
      stopReconnect();
      throttle.stop();
      heavyThrottle.stop();
    };
  }, [queryClient, trpc]);
}

/**
 * Fetches again what an event made stale. A fetch already under way may have read before the
 * event happened, and invalidating would only join it (a first fetch) or restart it over and
 * over in a burst: so the refetch waits for it to land, then goes.
 */
async function refresh(queryClient: QueryClient, queryKey: QueryKey) {
  await fetchesSettled(queryClient, queryKey);
  await queryClient.invalidateQueries({ queryKey }, { cancelRefetch: false });
}

function fetchesSettled(queryClient: QueryClient, queryKey: QueryKey): Promise<void> {
  return new Promise((resolve) => {
    let unsubscribe = () => {};
    const check = () => {
      if (queryClient.isFetching({ queryKey }) > 0) return;
      unsubscribe();
      resolve();
    };
    unsubscribe = queryClient.getQueryCache().subscribe(check);
    check();
  });
}

interface Apply {
  trpc: Trpc;
  queryClient: QueryClient;
  refetch: (queryKey: QueryKey) => void;
}

function applyEvent(event: MyzelEvent, { trpc, queryClient, refetch }: Apply) {
  switch (event.type) {
    case "agent.status":
      queryClient.setQueriesData(
        { queryKey: trpc.agents.list.pathKey() },
        (agents: Parameters<typeof applyAgentStatus>[0]) => applyAgentStatus(agents, event),
      );
      queryClient.setQueriesData(
        { queryKey: trpc.hierarchy.get.pathKey() },
        (tree: Parameters<typeof applyAgentStatusToHierarchy>[0]) => applyAgentStatusToHierarchy(tree, event),
      );
      // Restart counts, per-agent figures and the overview's counts follow from the server.
      refetch(trpc.agents.list.queryKey({ id: event.clusterId }));
      refetch(trpc.hierarchy.get.queryKey({ id: event.clusterId }));
      refetch(trpc.agents.metrics.pathKey());
      refetch(trpc.system.overview.pathKey());
      return;
    case "tasks.submitted":
      refetch(trpc.tasks.list.pathKey());
      refetch(trpc.tasks.trace.pathKey());
      refetch(trpc.system.overview.pathKey());
      return;
    case "tasks.started":
      queryClient.setQueriesData(
        { queryKey: trpc.tasks.list.pathKey() },
        (page: Parameters<typeof applyTasksStarted>[0]) => applyTasksStarted(page, event),
      );
      for (const task of event.tasks) {
        queryClient.setQueriesData(
          { queryKey: trpc.tasks.get.queryKey({ id: task.id }) },
          (data: Parameters<typeof applyTasksStarted>[0]) => applyTasksStarted(data, event),
        );
      }
      refetch(trpc.tasks.trace.pathKey());
      refetch(trpc.system.overview.pathKey());
      return;
    case "tasks.finished":
      queryClient.setQueriesData(
        { queryKey: trpc.tasks.list.pathKey() },
        (page: Parameters<typeof applyTasksFinished>[0]) => applyTasksFinished(page, event),
      );
      // A task's own page waits for the full record (result, error, timings) rather than showing
      // "Succeeded" over a result it does not have yet; one task is cheap to fetch at once.
      for (const task of event.tasks) {
        const queryKey = trpc.tasks.get.queryKey({ id: task.id });
        if (queryClient.getQueryData(queryKey)) void refresh(queryClient, queryKey);
      }
      refetch(trpc.tasks.list.pathKey());
      refetch(trpc.tasks.trace.pathKey());
      refetch(trpc.agents.metrics.pathKey());
      refetch(trpc.system.overview.pathKey());
      refetch(trpc.costs.summary.pathKey());
      return;
    case "healing":
      for (const query of queryClient.getQueryCache().findAll({ queryKey: trpc.healing.history.pathKey() })) {
        const input = ((query.queryKey[1] as { input?: Partial<HealingListInput> } | undefined)?.input ??
          {}) as Partial<HealingListInput>;
        queryClient.setQueryData(query.queryKey, (page: HealingPage | undefined) => applyHealing(page, input, event));
      }
      refetch(trpc.healing.kinds.pathKey());
      return;
    case "metrics.sample":
      queryClient.setQueriesData(
        { queryKey: trpc.agents.metricsHistory.pathKey() },
        (history: Parameters<typeof applyMetricSample>[0]) => applyMetricSample(history, event),
      );
      return;
    case "scaling.decision":
      refetch(trpc.clusters.scalingDecisions.pathKey());
      return;
    case "budget.state":
      refetch(trpc.budgets.list.pathKey());
      return;
    case "approvals":
      // A decision changes the queue, the task's own page, and (for a rejection) its status.
      refetch(trpc.approvals.list.pathKey());
      for (const id of event.taskIds) refetch(trpc.tasks.get.queryKey({ id }));
      refetch(trpc.tasks.list.pathKey());
      refetch(trpc.tasks.counts.pathKey());
      return;
    case "system.sample":
      queryClient.setQueriesData(
        { queryKey: trpc.system.health.pathKey() },
        (health: Parameters<typeof applySystemSample>[0]) => applySystemSample(health, event),
      );
      return;
    case "cluster.created":
    case "cluster.status":
    case "cluster.updated":
      refetch(trpc.clusters.list.pathKey());
      refetch(trpc.clusters.get.queryKey({ id: event.clusterId }));
      refetch(trpc.system.overview.pathKey());
      return;
    case "cluster.agents":
      refetch(trpc.clusters.get.queryKey({ id: event.clusterId }));
      refetch(trpc.clusters.list.pathKey());
      refetch(trpc.agents.list.queryKey({ id: event.clusterId }));
      refetch(trpc.hierarchy.get.queryKey({ id: event.clusterId }));
      refetch(trpc.system.overview.pathKey());
      return;
  }
}

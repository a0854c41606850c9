"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useNow } from "../../hooks/use-now";
import { useTRPC } from "../../trpc";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";
import { SegmentedControl } from "../ui/segmented-control";
import { Skeleton } from "../ui/skeleton";
import { CHARTS, chartRows, WINDOWS } from "./chart-series";
import { MetricChart } from "./metric-chart";

type WindowMinutes = (typeof WINDOWS)[number]["minutes"];

/** The cluster's figures over a chosen window; new samples arrive live and move the charts. */
export function MetricsPanel({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const [windowMinutes, setWindowMinutes] = useState<WindowMinutes>(5);
  const history = useQuery({
    ...trpc.agents.metricsHistory.queryOptions({ id: clusterId, windowMinutes }),
    placeholderData: keepPreviousData,
  });
  // The axis ends now and keeps moving, also between samples.
  const now = useNow(2000);
  const domain = useMemo<[number, number]>(() => [now - windowMinutes * 60_000, now], [now, windowMinutes]);
  const points = history.data?.points;
  const rows = useMemo(() => CHARTS.map((spec) => chartRows(points ?? [], spec)), [points]);

  return (
    <Panel
      id="metrics"
      title="Metrics"
      description={
        history.data
          ? history.data.points.length
            ? `${history.data.points.length} points, ${history.data.bucketSeconds} s each`
            : "No samples in this window yet"
          : "Throughput, latency, errors, queue and agents"
      }
      actions={
        <SegmentedControl
          label="Time window"
          value={windowMinutes}
          options={WINDOWS.map((w) => ({ value: w.minutes, label: w.label }))}
          onChange={setWindowMinutes}
          size="xs"
        />
      }
    >
      {history.isError ? (
        <ErrorState
          title="Could not load the metrics"
          error={history.error}
          onRetry={() => void history.refetch()}
          className="py-6"
        />
      ) : (
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-5">
          {CHARTS.map((spec, index) =>
            history.isPending ? (
              <Skeleton key={spec.id} className="h-[196px] w-full rounded-lg" />
            ) : (
              <MetricChart key={spec.id} spec={spec} rows={rows[index]!} domain={domain} />
            ),
          )}
        </div>
      )}
    </Panel>
  );
}

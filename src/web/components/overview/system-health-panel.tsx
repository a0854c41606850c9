"use client";
import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { Database, Server } from "lucide-react";
import type { SystemHealth } from "../../lib/api-types";
import { formatRelative } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";
import { Skeleton } from "../ui/skeleton";
import { StatusBadge } from "../ui/status-badge";
import { ResourceMeter } from "./resource-meter";

/** This node's CPU, memory and disk against the healing thresholds, and whether Redis and PostgreSQL answer. */
export function SystemHealthPanel() {
  const trpc = useTRPC();
  const health = useQuery(trpc.system.health.queryOptions({}));
  return (
    <Panel
      id="system-health"
      title="System health"
      description={
        health.data
          ? `${health.data.nodeId}${health.data.leader ? " · leader" : ""} · sampled ${formatRelative(health.data.sampledAt)}`
          : "This node, Redis and PostgreSQL"
      }
      actions={health.data && <StatusBadge kind="level" status={health.data.status} />}
    >
      {health.isPending ? (
        <div className="space-y-4" aria-busy="true">
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} className="h-[52px] w-full" />
          ))}
          <Skeleton className="h-[68px] w-full" />
        </div>
      ) : health.isError ? (
        <ErrorState
          title="Could not read the system's health"
          error={health.error}
          onRetry={() => void health.refetch()}
          className="py-6"
        />
      ) : (
        <HealthFigures health={health.data} />
      )}
    </Panel>
  );
}

function HealthFigures({ health }: { health: SystemHealth }) {
  const t = health.thresholds;
  return (
    <div className="space-y-4">
      <ResourceMeter
        label="CPU"
        percent={health.cpu.percent}
        level={health.cpu.level}
        threshold={t.cpuWarningPercent}
        thresholdLabel={`warning above ${t.cpuWarningPercent} %`}
      />
      <ResourceMeter
        label="Memory"
        percent={health.memory.percent}
        level={health.memory.level}
        threshold={t.memoryCriticalPercent}
        thresholdLabel={`healed above ${t.memoryCriticalPercent} %`}
      />
      <ResourceMeter
        label="Disk"
        percent={health.disk.percent}
        level={health.disk.level}
        threshold={t.diskCriticalPercent}
        thresholdLabel={`cleaned above ${t.diskCriticalPercent} %`}
      />
      <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        <ServiceRow
          icon={Server}
          name="Redis"
          detail={health.redis.managed ? "managed by Myzel" : "REDIS_URL"}
          {...health.redis}
        />
        <ServiceRow icon={Database} name="PostgreSQL" detail="database" {...health.database} />
      </ul>
    </div>
  );
}

function ServiceRow({
  icon: Icon,
  name,
  detail,
  status,
  latencyMs,
}: {
  icon: typeof Server;
  name: string;
  detail: string;
  status: "up" | "down";
  latencyMs: number | null;
}) {
  const up = status === "up";
  return (
    <li
      className="flex h-[34px] items-center gap-2.5 px-3 text-sm"
      data-testid={`service-${name.toLowerCase()}`}
      data-status={status}
    >
      <Icon className="size-3.5 text-zinc-400" aria-hidden />
      <span className="font-medium text-zinc-800 dark:text-zinc-200">{name}</span>
      <span className="truncate text-xs text-zinc-500 dark:text-zinc-400">{detail}</span>
      <span
        className={clsx(
          "ml-auto text-xs tabular-nums",
          up ? "text-zinc-500 dark:text-zinc-400" : "font-medium text-red-600 dark:text-red-400",
        )}
      >
        {up ? (latencyMs !== null ? `${latencyMs} ms` : "") : "not answering"}
      </span>
      <StatusBadge kind="service" status={status} />
    </li>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { Gauge } from "lucide-react";
import type { ModelPriceRow, ProviderRow } from "../../lib/api-types";
import { formatCount, formatPercent, formatRelative, formatUsd } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { type Column, DataTable } from "../ui/data-table";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";

/** The limiter's figures move with every call: read them about as often as a busy fleet takes turns. */
const REFRESH_MS = 2000;

const limit = (value: number | null, unit: string) => (value === null ? "no limit" : `${formatCount(value)} ${unit}`);

const providerColumns: Column<ProviderRow>[] = [
  { key: "name", header: "Name", cellClassName: "font-medium font-mono", cell: (p) => p.name },
  {
    key: "endpoint",
    header: "Endpoint",
    cellClassName: "font-mono text-xs break-all",
    cell: (p) => (
      <>
        {p.baseUrl}
        <br />
        <span className="text-zinc-500">key: {p.apiKeyEnv ? `$${p.apiKeyEnv}` : "none"}</span>
      </>
    ),
  },
  {
    key: "limits",
    header: "Limits",
    cellClassName: "text-xs",
    cell: (p) =>
      [
        limit(p.limits.requestsPerMinute, "req/min"),
        limit(p.limits.tokensPerMinute, "tokens/min"),
        limit(p.limits.concurrentRequests, "at once"),
      ].join(" · "),
  },
  {
    key: "use",
    header: "In use now",
    cellClassName: "text-xs",
    cell: (p) =>
      p.usage
        ? `requests ${formatPercent(p.usage.requestsUsed, 0)} · tokens ${formatPercent(p.usage.tokensUsed, 0)} · ${p.usage.inFlight} in flight`
        : "–",
  },
  {
    key: "waiting",
    header: "Waiting",
    cellClassName: "text-xs",
    cell: (p) =>
      p.usage ? (
        <span data-testid="provider-waiting">
          {p.usage.waiting.length} task{p.usage.waiting.length === 1 ? "" : "s"}
          {p.usage.pausedUntil ? ` · paused by a 429 until ${formatRelative(p.usage.pausedUntil)}` : ""}
        </span>
      ) : (
        "–"
      ),
  },
  {
    key: "totals",
    header: "Since start",
    cellClassName: "text-xs text-zinc-500",
    cell: (p) =>
      p.usage
        ? `${formatCount(p.usage.requests)} calls · ${formatCount(p.usage.tokens)} tokens · ${formatCount(p.usage.throttled)} waited · ${formatCount(p.usage.rejected)} answered 429`
        : "–",
  },
];

const priceColumns: Column<ModelPriceRow>[] = [
  { key: "model", header: "Model", cellClassName: "font-mono", cell: (p) => p.model },
  { key: "input", header: "Input / 1M tokens", cell: (p) => formatUsd(p.inputPerMillion) },
  { key: "output", header: "Output / 1M tokens", cell: (p) => formatUsd(p.outputPerMillion) },
];

/**
 * Providers with their fleet-wide limits and what their limiters hold now, and model prices.
 * Defined through the API (`PUT /api/providers/{name}`, `PUT /api/model-prices/{model}`).
 */
export function ProvidersView() {
  const trpc = useTRPC();
  const providers = useQuery({ ...trpc.providers.list.queryOptions({}), refetchInterval: REFRESH_MS });
  const prices = useQuery(trpc.providers.prices.queryOptions({}));
  return (
    <>
      <PageHeader
        title="Providers"
        description="LLM endpoints named once, with requests, tokens and concurrent calls that every agent on every node shares; a task waiting for its turn says so on its page."
      />
      <Panel bodyClassName="">
        {providers.error ? (
          <ErrorState error={providers.error} onRetry={() => void providers.refetch()} />
        ) : (
          <DataTable
            label="Providers"
            columns={providerColumns}
            rows={providers.data?.items}
            rowKey={(p) => p.name}
            rowProps={() => ({ "data-testid": "provider-row" })}
            skeletonRows={2}
            empty={
              <EmptyState
                icon={Gauge}
                title="No providers yet"
                description="Define one with PUT /api/providers/{name} (endpoint, key variable, limits); roles use it as runtime.provider."
              />
            }
          />
        )}
      </Panel>
      <div className="mt-6">
        <Panel
          title="Model prices"
          description="US dollars per million tokens; tasks are priced when they finish"
          bodyClassName=""
        >
          {prices.error ? (
            <ErrorState error={prices.error} onRetry={() => void prices.refetch()} />
          ) : (
            <DataTable
              label="Model prices"
              columns={priceColumns}
              rows={prices.data?.items}
              rowKey={(p) => p.model}
              skeletonRows={2}
              empty={<p className="p-4 text-sm text-zinc-500">No prices set: tasks have no cost recorded.</p>}
            />
          )}
        </Panel>
      </div>
    </>
  );
}

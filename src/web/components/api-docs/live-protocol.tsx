"use client";
import { useQuery } from "@tanstack/react-query";
import { ExternalLink } from "lucide-react";
import { Panel } from "../ui/panel";

export const ASYNCAPI_URL = "/api/asyncapi.json";

interface AsyncApiDocument {
  operations: Record<string, { action: "send" | "receive"; summary?: string }>;
  components: { schemas: Record<string, unknown> };
}

async function fetchAsyncApi(): Promise<AsyncApiDocument> {
  const response = await fetch(ASYNCAPI_URL);
  if (!response.ok) throw new Error(`GET ${ASYNCAPI_URL} answered ${response.status}`);
  return (await response.json()) as AsyncApiDocument;
}

/** The live events over Socket.IO, read from the AsyncAPI document the server generates from its schemas. */
export function LiveProtocol() {
  const doc = useQuery({ queryKey: ["asyncapi"], queryFn: fetchAsyncApi, staleTime: Number.POSITIVE_INFINITY });
  const operations = Object.entries(doc.data?.operations ?? {});
  const eventTypes = Object.keys(doc.data?.components.schemas ?? {}).filter((name) => name !== "EventId");
  return (
    <Panel
      id="api-live-events"
      title="Live events (Socket.IO)"
      description="Connect to /socket.io with an API token as auth.token (or a session), watch a cluster or all of them, and resume after a reconnect with the last eventId you saw."
      actions={
        <a
          href={ASYNCAPI_URL}
          target="_blank"
          rel="noreferrer"
          className="inline-flex h-8 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2.5 text-sm font-medium text-zinc-800 shadow-xs hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
        >
          asyncapi.json <ExternalLink className="size-3.5" aria-hidden />
        </a>
      }
      bodyClassName="px-4 py-3"
    >
      {doc.isError ? (
        <p className="text-sm text-red-700 dark:text-red-400">Could not load {ASYNCAPI_URL}.</p>
      ) : (
        <>
          <ul className="space-y-1.5 text-sm" aria-label="Messages">
            {operations.map(([name, operation]) => (
              <li key={name} className="flex flex-wrap items-baseline gap-x-2">
                <code className="font-mono font-medium text-zinc-900 dark:text-zinc-100">{name}</code>
                <span className="text-xs text-zinc-500">
                  {operation.action === "receive" ? "client → server" : "server → client"}
                </span>
                <span className="text-zinc-600 dark:text-zinc-400">{operation.summary}</span>
              </li>
            ))}
          </ul>
          {eventTypes.length > 0 && (
            <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
              Event types: <span className="font-mono">{eventTypes.join(", ")}</span>
            </p>
          )}
        </>
      )}
    </Panel>
  );
}

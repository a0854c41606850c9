"use client";
import { useQuery } from "@tanstack/react-query";
import { Panel } from "../ui/panel";
import { DocumentLink } from "./document-link";
import { fetchDocument } from "./openapi";

export const ASYNCAPI_URL = "/api/asyncapi.json";

interface AsyncApiDocument {
  operations: Record<string, { action: "send" | "receive"; summary?: string }>;
  components: { schemas: Record<string, unknown> };
}

const fetchAsyncApi = () => fetchDocument<AsyncApiDocument>(ASYNCAPI_URL);

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
      actions={<DocumentLink href={ASYNCAPI_URL}>asyncapi.json</DocumentLink>}
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
                <span className="text-xs text-zinc-500 dark:text-zinc-400">
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

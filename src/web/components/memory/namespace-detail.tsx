"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useDebouncedValue } from "../../hooks/use-debounced-value";
import type { MemoryNamespace, MemoryValue } from "../../lib/api-types";
import { useTRPC } from "../../trpc";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { type Column, DataTable } from "../ui/data-table";
import { ErrorState } from "../ui/error-state";
import { RelativeTime } from "../ui/relative-time";
import { SearchInput } from "../ui/search-input";
import { ValueEditor } from "./value-editor";

/** Changes arrive from agents at any time: read again about as often as the other live panels. */
const REFRESH_MS = 3000;

/** One namespace: its values (edited with compare-and-set) and its documents, searched as agents search them. */
export function NamespaceDetail({ namespace, canWrite }: { namespace: MemoryNamespace; canWrite: boolean }) {
  const trpc = useTRPC();
  const namespaceId = namespace.id;
  const writable = canWrite && !namespace.archivedAt;
  const [editing, setEditing] = useState<MemoryValue | "new">();
  const [query, setQuery] = useState("");
  const q = useDebouncedValue(query.trim(), 300);
  const values = useQuery({
    ...trpc.memory.values.queryOptions({ namespaceId, limit: 200 }),
    refetchInterval: REFRESH_MS,
  });
  const documents = useQuery({
    ...trpc.memory.documents.queryOptions({ namespaceId, limit: 20 }),
    enabled: !q,
    refetchInterval: REFRESH_MS,
  });
  const found = useQuery({ ...trpc.memory.search.queryOptions({ namespaceId, q, limit: 20 }), enabled: !!q });
  const shown = q
    ? found.data?.hits.map((hit) => ({ ...hit.document, score: hit.score }))
    : documents.data?.items.map((doc) => ({ ...doc, score: null }));

  const valueColumns: Column<MemoryValue>[] = [
    { key: "key", header: "Key", cell: (v) => <span className="font-mono">{v.key}</span> },
    {
      key: "value",
      header: "Value",
      cell: (v) => <code className="line-clamp-2 text-xs break-all">{JSON.stringify(v.value)}</code>,
    },
    { key: "version", header: "Version", cell: (v) => v.version },
    {
      key: "updated",
      header: "Written",
      cell: (v) => (
        <span className="text-xs">
          <RelativeTime at={v.updatedAt} /> by {v.updatedBy}
        </span>
      ),
    },
    {
      key: "edit",
      header: <span className="sr-only">Edit</span>,
      align: "right",
      cell: (v) =>
        writable ? (
          <Button size="sm" onClick={() => setEditing(v)}>
            Edit
          </Button>
        ) : null,
    },
  ];

  return (
    <div className="flex flex-col gap-5">
      <section aria-label={`Values of ${namespace.name}`} className="flex flex-col gap-2">
        <div className="flex items-center justify-between">
          <h3 className="text-sm font-semibold">Values</h3>
          {writable && !editing && (
            <Button size="sm" onClick={() => setEditing("new")}>
              New value
            </Button>
          )}
        </div>
        {editing && (
          <ValueEditor
            key={editing === "new" ? "new" : `${editing.key}@${editing.version}`}
            namespaceId={namespaceId}
            entry={editing === "new" ? undefined : editing}
            onDone={() => setEditing(undefined)}
          />
        )}
        {values.error ? (
          <ErrorState error={values.error} />
        ) : (
          <DataTable
            label={`Values of ${namespace.name}`}
            columns={valueColumns}
            rows={values.data?.items}
            rowKey={(v) => v.key}
            empty={<p className="py-4 text-center text-sm text-zinc-600 dark:text-zinc-400">No values.</p>}
          />
        )}
      </section>
      <section aria-label={`Documents of ${namespace.name}`} className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 className="text-sm font-semibold">Documents</h3>
          <SearchInput
            label="Search documents"
            placeholder="What do we know about…"
            value={query}
            onChange={setQuery}
            className="w-full sm:w-72"
          />
        </div>
        {(q ? found.error : documents.error) ? (
          <ErrorState error={q ? found.error : documents.error} />
        ) : !shown?.length ? (
          <p className="py-4 text-center text-sm text-zinc-600 dark:text-zinc-400">
            {q ? "Nothing found." : "No documents."}
          </p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
            {shown.map((doc) => (
              <li key={doc.id} className="py-2" data-testid="memory-document">
                <div className="flex items-center justify-between gap-2">
                  <span className="font-medium">{doc.title || "Untitled"}</span>
                  <span className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
                    {doc.tags.map((tag) => (
                      <Badge key={tag}>{tag}</Badge>
                    ))}
                    {doc.score !== null && <span>score {doc.score.toFixed(2)}</span>}
                  </span>
                </div>
                <p className="line-clamp-3 text-sm text-zinc-600 dark:text-zinc-300">{doc.text}</p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  <RelativeTime at={doc.createdAt} /> by {doc.createdBy}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { useTRPC } from "../../trpc";
import { Badge, type Tone } from "../ui/badge";
import { Button } from "../ui/button";
import { Panel } from "../ui/panel";
import { RelativeTime } from "../ui/relative-time";
import { Skeleton } from "../ui/skeleton";

/** Live sessions are reported in agents' heartbeats: read them about as often as those beat. */
const REFRESH_MS = 2000;

const STATE_TONE: Record<string, Tone> = { idle: "green", busy: "blue", lost: "amber" };

/**
 * The cluster's sessions: each key with its turns and, per agent, its live tool (pid, state, why
 * it was lost); the selected one's transcript or conversation, kept current while it is open.
 */
export function SessionsPanel({ clusterId, canOperate }: { clusterId: string; canOperate: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery({ ...trpc.sessions.list.queryOptions({ id: clusterId }), refetchInterval: REFRESH_MS });
  const [selected, setSelected] = useState<string>();
  const history = useQuery({
    ...trpc.sessions.history.queryOptions({ id: clusterId, key: selected ?? "", limit: 200 }),
    enabled: !!selected,
    refetchInterval: REFRESH_MS,
  });
  const end = useMutation(
    trpc.sessions.end.mutationOptions({
      onSuccess: async () => {
        setSelected(undefined);
        await queryClient.invalidateQueries(trpc.sessions.list.queryFilter({ id: clusterId }));
      },
    }),
  );

  return (
    <Panel
      id="sessions"
      title="Sessions"
      description="Prompts with the same session key share a running tool or a conversation"
      bodyClassName=""
    >
      {sessions.isPending ? (
        <div className="space-y-2 p-4">
          <Skeleton className="h-9 w-full" />
        </div>
      ) : !sessions.data?.length ? (
        <p className="px-4 py-5 text-center text-sm text-zinc-500 dark:text-zinc-400">
          No sessions: send tasks with a session key to a session-mode or llm role.
        </p>
      ) : (
        <div className="grid grid-cols-1 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
          <ul
            aria-label="Sessions"
            className="max-h-80 divide-y divide-zinc-100 overflow-y-auto dark:divide-zinc-800/70"
          >
            {sessions.data.map((session) => (
              <li key={session.key} data-testid="session">
                <button
                  type="button"
                  onClick={() => setSelected(session.key)}
                  aria-pressed={selected === session.key}
                  className={clsx(
                    "flex w-full flex-col gap-1 px-4 py-2 text-left hover:bg-zinc-50 dark:hover:bg-zinc-800/50",
                    selected === session.key && "bg-zinc-100 dark:bg-zinc-800",
                  )}
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className="truncate font-mono text-sm">{session.key}</span>
                    <span className="text-xs text-zinc-500 dark:text-zinc-400">{session.turns} turns</span>
                  </span>
                  {session.live.map((live) => (
                    <span
                      key={live.agentId}
                      className="flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400"
                    >
                      <Badge tone={STATE_TONE[live.state] ?? "neutral"} dot>
                        {live.state}
                      </Badge>
                      <span>
                        {live.agentKey}
                        {live.pid ? ` · pid ${live.pid}` : ""}
                      </span>
                      <RelativeTime at={live.lastUsedAt} />
                      {live.lostReason && (
                        <span className="w-full text-amber-700 dark:text-amber-300">{live.lostReason}</span>
                      )}
                    </span>
                  ))}
                </button>
              </li>
            ))}
          </ul>
          <div className="border-t border-zinc-200 lg:border-t-0 lg:border-l dark:border-zinc-800">
            {!selected ? (
              <p className="px-4 py-5 text-sm text-zinc-500 dark:text-zinc-400">
                Select a session to read its transcript.
              </p>
            ) : (
              <div>
                <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
                  <span className="truncate font-mono text-sm">{selected}</span>
                  {canOperate && (
                    <Button
                      size="sm"
                      variant="danger"
                      disabled={end.isPending}
                      onClick={() => end.mutate({ id: clusterId, key: selected })}
                    >
                      End session
                    </Button>
                  )}
                </div>
                <ol aria-label="Transcript" className="max-h-72 space-y-2 overflow-y-auto p-4">
                  {(history.data?.messages ?? []).map((message) => (
                    <li key={message.id} data-testid="session-message" className="text-sm">
                      <span className="mr-2 text-xs font-semibold text-zinc-500 dark:text-zinc-400 uppercase">
                        {message.role === "user" ? "prompt" : message.agentRole}
                      </span>
                      <pre className="inline font-mono break-words whitespace-pre-wrap">{message.content}</pre>
                    </li>
                  ))}
                  {history.data?.messages.length === 0 && (
                    <li className="text-sm text-zinc-500 dark:text-zinc-400">
                      No turns recorded (the session has not answered yet).
                    </li>
                  )}
                </ol>
              </div>
            )}
          </div>
        </div>
      )}
    </Panel>
  );
}

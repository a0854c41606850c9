"use client";
import clsx from "clsx";
import { useLayoutEffect, useRef } from "react";
import { errorMessage } from "../../lib/api-error";
import { useAgentOutput } from "./use-agent-output";

const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** The live tail of an agent's stdout and stderr; it stays at the bottom unless the reader scrolled up. */
export function AgentOutput({ clusterId, agentId, name }: { clusterId: string; agentId: string; name: string }) {
  const { lines, loaded, error } = useAgentOutput(clusterId, agentId);
  const box = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useLayoutEffect(() => {
    const element = box.current;
    if (element && pinned.current && lines.length) element.scrollTop = element.scrollHeight;
  }, [lines]);

  return (
    <div>
      <div
        ref={box}
        role="log"
        aria-label={`Output of ${name}`}
        aria-live="off"
        // Focusable, so a keyboard can scroll it.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
        tabIndex={0}
        data-testid="agent-output"
        onScroll={(event) => {
          const element = event.currentTarget;
          pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
        }}
        className="h-72 overflow-auto rounded-md border border-zinc-200 bg-zinc-950 p-2 font-mono text-[11.5px] leading-5 text-zinc-200 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:border-zinc-800"
      >
        {!loaded && !error && <p className="text-zinc-400">Loading output…</p>}
        {loaded && lines.length === 0 && <p className="text-zinc-400">Nothing written yet.</p>}
        {lines.map((line) => (
          <div
            key={line.id}
            data-stream={line.stream}
            className={clsx("break-all whitespace-pre-wrap", line.stream === "stderr" && "text-red-300")}
          >
            <span className="mr-2 text-zinc-400 select-none">{time.format(new Date(line.at))}</span>
            {line.text}
          </div>
        ))}
      </div>
      {error ? (
        <p className="mt-1 text-xs text-red-700 dark:text-red-400">Could not read the output: {errorMessage(error)}</p>
      ) : (
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          stdout and stderr (in red), newest at the bottom; secrets are masked before they are kept.
        </p>
      )}
    </div>
  );
}

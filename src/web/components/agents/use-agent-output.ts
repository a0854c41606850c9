"use client";
import { useEffect, useState } from "react";
import type { AgentOutputLine } from "@/schemas/agent-output-api";
import { useTRPCClient } from "../../trpc";

/** Lines shown at most; older ones scroll away as new ones come. */
const SHOWN = 1000;
/** How often the tail asks for new lines; it asks again only after the last answer came. */
const POLL_MS = 1000;

/**
 * An agent's output, followed as it grows: the newest lines first, then every line written
 * since (`after`). One request at a time, so a slow server is never asked twice at once.
 */
export function useAgentOutput(clusterId: string, agentId: string) {
  const client = useTRPCClient();
  const [lines, setLines] = useState<AgentOutputLine[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let stopped = false;
    let after: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLines([]);
    setLoaded(false);
    const poll = async () => {
      try {
        const page = await client.agents.output.query({ id: clusterId, agentId, ...(after ? { after } : {}) });
        if (stopped) return;
        after = page.next ?? undefined;
        setError(null);
        setLoaded(true);
        if (page.lines.length) setLines((current) => [...current, ...page.lines].slice(-SHOWN));
      } catch (failure) {
        if (!stopped) setError(failure);
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, clusterId, agentId]);

  return { lines, loaded, error };
}

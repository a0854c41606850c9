"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RotateCw, Trash2 } from "lucide-react";
import { useState } from "react";
import type { Agent } from "../../lib/api-types";
import { useTRPC } from "../../trpc";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";

const RUNNING = new Set(["STARTING", "IDLE", "BUSY"]);

/** Restart (any running agent) and remove (an agent added by hand), each asked once more in the app's own dialog. */
export function AgentActions({ agent, onRemoved }: { agent: Agent; onRemoved: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<"restart" | "remove" | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.agents.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.hierarchy.get.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.healing.history.pathKey() }),
    ]);
  const restart = useMutation(
    trpc.agents.restart.mutationOptions({
      onSuccess: async () => {
        setAsking(null);
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.agents.remove.mutationOptions({
      onSuccess: async () => {
        setAsking(null);
        await refresh();
        onRemoved();
      },
    }),
  );
  const input = { id: agent.clusterId, agentId: agent.id };
  const canRestart = RUNNING.has(agent.status) && !agent.moving;

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        size="sm"
        onClick={() => {
          restart.reset();
          setAsking("restart");
        }}
        disabled={!canRestart}
        title={canRestart ? undefined : agent.moving ? "Already restarting" : "Only a running agent can be restarted"}
      >
        <RotateCw aria-hidden /> Restart
      </Button>
      {agent.addedManually && (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            remove.reset();
            setAsking("remove");
          }}
        >
          <Trash2 aria-hidden /> Remove
        </Button>
      )}
      {agent.moving && <span className="text-xs text-zinc-600 dark:text-zinc-400">Restarting after its work…</span>}
      <ConfirmDialog
        open={asking === "restart"}
        title={`Restart ${agent.name}?`}
        description="It finishes the tasks it holds, stops, and starts again (on another node when there is one)."
        confirm="Restart agent"
        pending={restart.isPending}
        error={restart.error}
        onConfirm={() => restart.mutate(input)}
        onClose={() => setAsking(null)}
      />
      <ConfirmDialog
        open={asking === "remove"}
        title={`Remove ${agent.name}?`}
        description="It finishes the tasks it holds and stops; agents added under it move up to its manager. The cluster becomes one agent smaller."
        confirm="Remove agent"
        tone="danger"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate(input)}
        onClose={() => setAsking(null)}
      />
    </div>
  );
}

"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2, UserPlus } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { tierRank } from "@/domain/blueprint/validate-blueprint";
import { agentAddInput } from "@/schemas/cluster-api";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage, serverFieldErrors } from "../../lib/api-error";
import type { Agent, Cluster } from "../../lib/api-types";
import type { BlueprintRole } from "../../lib/blueprint-roles";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { controlProps, Field, Input, Select } from "../ui/field";
import { Panel } from "../ui/panel";
import { useClusterRefresh } from "./use-cluster-refresh";

/** The API's contract less what the page supplies: the cluster, and capabilities (the role's own). */
const schema = agentAddInput.omit({ id: true, capabilities: true });
type Values = z.input<typeof schema>;
const FIELDS = ["role", "name", "reportsToId"] as const;

/** An empty choice or box means "not given". */
const unlessEmpty = (value: string) => (value.trim() === "" ? undefined : value);

interface AddAgentFormProps {
  cluster: Cluster;
  roles: BlueprintRole[] | undefined;
  agents: Agent[] | undefined;
}

/** Adds one agent by hand: a role of the blueprint, and optionally the manager it reports to. */
export function AddAgentForm({ cluster, roles, agents }: AddAgentFormProps) {
  // The root role has exactly one agent; everything else can be added.
  const addable = roles?.filter((role) => role.reports_to !== undefined) ?? [];
  return (
    <Panel title="Add agent" description="Beyond the blueprint's plan, by hand" id="add-agent">
      {/* Mounted again once the roles are known, so the first one starts chosen. */}
      <AgentForm key={roles ? "ready" : "loading"} cluster={cluster} addable={addable} agents={agents} />
    </Panel>
  );
}

function AgentForm({ cluster, addable, agents }: { cluster: Cluster; addable: BlueprintRole[]; agents?: Agent[] }) {
  const trpc = useTRPC();
  const { canOperate } = usePermissions();
  const refresh = useClusterRefresh(cluster.id);
  const [added, setAdded] = useState<string>();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { role: addable[0]?.role ?? "" } });
  const errors = form.formState.errors;

  const role = addable.find((candidate) => candidate.role === form.watch("role"));
  // A manager must rank at least as high as the new agent.
  const managers = role
    ? (agents ?? []).filter((agent) => tierRank(agent.tier) <= tierRank(role.tier) && agent.role !== role.role)
    : [];

  const add = useMutation(
    trpc.agents.add.mutationOptions({
      onSuccess: async (agent) => {
        setAdded(agent.name);
        form.resetField("name");
        form.resetField("reportsToId");
        await refresh();
      },
      onError: (error) => {
        for (const [field, message] of serverFieldErrors(error, FIELDS)) form.setError(field, { message });
      },
    }),
  );
  const active = cluster.status === "ACTIVE";
  const unplaced = add.error && serverFieldErrors(add.error, FIELDS).length === 0 ? errorMessage(add.error) : undefined;

  const submit = form.handleSubmit((values) => {
    setAdded(undefined);
    add.mutate({ id: cluster.id, ...values });
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Add agent" className="flex flex-col gap-3">
      <Field id="agent-role" label="Role" error={errors.role?.message}>
        <Select
          {...controlProps("agent-role", errors.role?.message)}
          disabled={!active || addable.length === 0}
          {...form.register("role", { onChange: () => form.setValue("reportsToId", undefined) })}
        >
          {addable.map((candidate) => (
            <option key={candidate.role} value={candidate.role}>
              {candidate.name} · {candidate.tier}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="agent-name" label="Name (optional)" error={errors.name?.message}>
        <Input
          {...controlProps("agent-name", errors.name?.message)}
          maxLength={100}
          disabled={!active}
          placeholder={role ? `${role.name} (manual)` : undefined}
          {...form.register("name", { setValueAs: unlessEmpty })}
        />
      </Field>
      <Field id="agent-manager" label="Reports to" error={errors.reportsToId?.message}>
        <Select
          {...controlProps("agent-manager", errors.reportsToId?.message)}
          disabled={!active || !role}
          {...form.register("reportsToId", { setValueAs: unlessEmpty })}
        >
          <option value="">Automatic{role?.reports_to ? ` (least busy ${role.reports_to})` : ""}</option>
          {managers.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name} · {agent.key}
            </option>
          ))}
        </Select>
      </Field>
      {!active && <Alert tone="info">Agents can be added while the cluster is active.</Alert>}
      {unplaced && <Alert>{unplaced}</Alert>}
      {added && !add.error && <Alert tone="success">Added {added}.</Alert>}
      <div className="flex justify-end">
        <Button type="submit" size="sm" variant="primary" disabled={!canOperate || !active || !role || add.isPending}>
          {add.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <UserPlus aria-hidden />}
          Add agent
        </Button>
      </div>
    </form>
  );
}

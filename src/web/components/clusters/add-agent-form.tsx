"use client";
import { useMutation } from "@tanstack/react-query";
import { Loader2, UserPlus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { tierRank } from "@/domain/blueprint/validate-blueprint";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage, fieldErrors } from "../../lib/api-error";
import type { Agent, Cluster } from "../../lib/api-types";
import type { BlueprintRole } from "../../lib/blueprint-roles";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { describedBy, Field, Input, Select } from "../ui/field";
import { Panel } from "../ui/panel";
import { useClusterRefresh } from "./use-cluster-refresh";

interface AddAgentFormProps {
  cluster: Cluster;
  roles: BlueprintRole[] | undefined;
  agents: Agent[] | undefined;
}

/** Adds one agent by hand: a role of the blueprint, and optionally the manager it reports to. */
export function AddAgentForm({ cluster, roles, agents }: AddAgentFormProps) {
  const trpc = useTRPC();
  const { canOperate } = usePermissions();
  const refresh = useClusterRefresh(cluster.id);
  // The root role has exactly one agent; everything else can be added.
  const addable = roles?.filter((role) => role.reports_to !== undefined) ?? [];
  const [roleName, setRoleName] = useState("");
  const [name, setName] = useState("");
  const [managerId, setManagerId] = useState("");
  const [added, setAdded] = useState<string>();

  const role = addable.find((candidate) => candidate.role === roleName) ?? addable[0];
  // A manager must rank at least as high as the new agent.
  const managers = role
    ? (agents ?? []).filter((agent) => tierRank(agent.tier) <= tierRank(role.tier) && agent.role !== role.role)
    : [];

  const add = useMutation(
    trpc.agents.add.mutationOptions({
      onSuccess: async (agent) => {
        setAdded(agent.name);
        setName("");
        setManagerId("");
        await refresh();
      },
    }),
  );
  const errors = fieldErrors(add.error);
  const active = cluster.status === "ACTIVE";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!role) return;
    setAdded(undefined);
    add.mutate({
      id: cluster.id,
      role: role.role,
      name: name.trim() || undefined,
      reportsToId: managerId || undefined,
    });
  };

  return (
    <Panel title="Add agent" description="Beyond the blueprint's plan, by hand" id="add-agent">
      <form onSubmit={submit} noValidate aria-label="Add agent" className="flex flex-col gap-3">
        <Field id="agent-role" label="Role" error={errors.role}>
          <Select
            id="agent-role"
            value={role?.role ?? ""}
            disabled={!active || addable.length === 0}
            aria-invalid={!!errors.role || undefined}
            aria-describedby={describedBy("agent-role", errors.role)}
            onChange={(event) => {
              setRoleName(event.target.value);
              setManagerId("");
            }}
          >
            {addable.map((candidate) => (
              <option key={candidate.role} value={candidate.role}>
                {candidate.name} · {candidate.tier}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="agent-name" label="Name (optional)" error={errors.name}>
          <Input
            id="agent-name"
            value={name}
            maxLength={100}
            disabled={!active}
            placeholder={role ? `${role.name} (manual)` : undefined}
            aria-invalid={!!errors.name || undefined}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field id="agent-manager" label="Reports to" error={errors.reportsToId}>
          <Select
            id="agent-manager"
            value={managerId}
            disabled={!active || !role}
            aria-invalid={!!errors.reportsToId || undefined}
            aria-describedby={describedBy("agent-manager", errors.reportsToId)}
            onChange={(event) => setManagerId(event.target.value)}
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
        {add.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(add.error)}</Alert>}
        {added && !add.error && <Alert tone="success">Added {added}.</Alert>}
        <div className="flex justify-end">
          <Button type="submit" size="sm" variant="primary" disabled={!canOperate || !active || !role || add.isPending}>
            {add.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <UserPlus aria-hidden />}
            Add agent
          </Button>
        </div>
      </form>
    </Panel>
  );
}

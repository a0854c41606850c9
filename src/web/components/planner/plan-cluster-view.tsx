"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2, Rocket, Wand2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { Proposal } from "../../../schemas/planner-api";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage } from "../../lib/api-error";
import { useTRPC, useTRPCClient } from "../../trpc";
import { groupIssuesByLine } from "../blueprints/issue-lines";
import { UploadStatus } from "../blueprints/upload-status";
import { useBlueprintValidation } from "../blueprints/use-blueprint-validation";
import { YamlEditor } from "../blueprints/yaml-editor";
import { saveFile } from "../manifests/manifest-download-button";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Field, Input, Textarea } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";

/**
 * "Plan a cluster": a goal in plain words → a proposal (explanation, manifest, blueprint YAML)
 * → the person edits the YAML → Create uploads it and creates the cluster. Nothing is stored
 * before Create.
 */
export function PlanClusterView() {
  const trpc = useTRPC();
  const { canAdmin } = usePermissions();
  const status = useQuery(trpc.planner.status.queryOptions({}));
  const [goal, setGoal] = useState("");
  const [proposal, setProposal] = useState<Proposal>();
  const propose = useMutation(trpc.planner.propose.mutationOptions({ onSuccess: setProposal }));
  const goalId = useId();

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Clusters", href: "/clusters" }]}
        title="Plan a cluster"
        description="Say what the cluster should do. Myzel proposes a blueprint; you review and edit it, and nothing is created until you say so."
      />
      <Panel
        title={<label htmlFor={goalId}>Goal</label>}
        description={
          status.data?.mode === "model"
            ? `Proposals come from the model ${status.data.model}.`
            : "No planner model is configured: the closest shipped template is adapted to the goal."
        }
      >
        <form
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            propose.mutate({ goal });
          }}
        >
          <Textarea
            id={goalId}
            rows={3}
            value={goal}
            onChange={(event) => setGoal(event.target.value)}
            placeholder="A procurement team that compares supplier offers and drafts orders, up to 10 workers"
          />
          {propose.error && <Alert>{errorMessage(propose.error)}</Alert>}
          <div>
            <Button
              type="submit"
              variant="primary"
              disabled={!canAdmin || goal.trim().length < 10 || propose.isPending}
            >
              {propose.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Wand2 aria-hidden />}
              Propose
            </Button>
            {!canAdmin && <span className="ml-3 text-xs text-zinc-500">Planning needs an admin.</span>}
          </div>
        </form>
      </Panel>
      {proposal && <Review key={proposal.manifest} proposal={proposal} />}
    </>
  );
}

/** The proposal: why, its manifest, its YAML to edit, and Create. */
function Review({ proposal }: { proposal: Proposal }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [yaml, setYaml] = useState(proposal.yaml);
  const [name, setName] = useState(proposal.blueprintId);
  const validation = useBlueprintValidation(yaml);
  const issues = validation.result?.issues ?? [];
  const { byLine, general } = groupIssuesByLine(issues, yaml.split("\n").length);
  const nameId = useId();

  const create = useMutation({
    mutationFn: async () => {
      const { blueprint } = await client.blueprints.upload.mutate({ yaml });
      return client.clusters.create.mutate({ blueprintId: blueprint.id, blueprintVersion: blueprint.version, name });
    },
    onSuccess: async (cluster) => {
      await queryClient.invalidateQueries({ queryKey: trpc.blueprints.pathKey() });
      router.push(`/clusters/${cluster.id}`);
    },
  });

  return (
    <div className="mt-6 flex flex-col gap-6">
      <Panel
        id="proposal"
        title="Proposal"
        description={
          proposal.mode === "model" ? `By ${proposal.model}` : `Adapted from the template ${proposal.template}`
        }
        actions={<Badge tone={proposal.mode === "model" ? "green" : "amber"}>{proposal.mode}</Badge>}
      >
        <p data-testid="plan-explanation" className="whitespace-pre-line text-sm">
          {proposal.explanation}
        </p>
      </Panel>

      <div className="grid items-start gap-6 xl:grid-cols-2">
        <Panel
          id="manifest"
          title="Manifest"
          description="What the proposal means, as proposed (your edits are in the YAML)"
          bodyClassName="max-h-[36rem] overflow-y-auto"
          actions={
            <Button
              size="sm"
              variant="ghost"
              onClick={() => saveFile(`${proposal.blueprintId}-proposal.md`, proposal.manifest, "text/markdown")}
            >
              Download
            </Button>
          }
        >
          <pre data-testid="plan-manifest" className="whitespace-pre-wrap p-4 font-mono text-xs">
            {proposal.manifest}
          </pre>
        </Panel>

        <Panel id="plan-yaml" title={<label htmlFor="plan-yaml-editor">Blueprint YAML</label>} bodyClassName="">
          <YamlEditor id="plan-yaml-editor" value={yaml} onChange={setYaml} issueLines={new Set(byLine.keys())} />
          <div className="flex flex-col gap-2 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
            <UploadStatus
              empty={yaml.trim() === ""}
              checking={validation.checking}
              problems={validation.result ? issues.length : undefined}
            />
            {[...byLine.entries()].map(([line, lineIssues]) => (
              <p key={line} className="text-xs text-red-700 dark:text-red-300">
                line {line}: {lineIssues.map((issue) => issue.message).join("; ")}
              </p>
            ))}
            {general.map((issue) => (
              <p key={issue.message} className="text-xs text-red-700 dark:text-red-300">
                {issue.message}
              </p>
            ))}
          </div>
        </Panel>
      </div>

      <Panel
        title="Create"
        description="Stores the blueprint (a new version if its id exists) and creates a cluster from it."
      >
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <Field id={nameId} label="Cluster name">
            <Input id={nameId} value={name} onChange={(event) => setName(event.target.value)} />
          </Field>
          <Button type="submit" variant="primary" disabled={create.isPending || issues.length > 0 || !name.trim()}>
            {create.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Rocket aria-hidden />}
            Create cluster
          </Button>
        </form>
        {create.error && <Alert className="mt-3">{errorMessage(create.error)}</Alert>}
      </Panel>
    </div>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { Plus, SearchX } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { usePermissions } from "../../hooks/use-permissions";
import { hasErrorCode } from "../../lib/api-error";
import { definitionOf, rolesOf, roleTree } from "../../lib/blueprint-roles";
import { formatRange } from "../../lib/format";
import { useTRPC, useTRPCClient } from "../../trpc";
import { CreateClusterDialog } from "../clusters/create-cluster-dialog";
import { ManifestDownloadButton } from "../manifests/manifest-download-button";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button, ButtonLink } from "../ui/button";
import { CopyButton } from "../ui/copy-button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Select } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";
import { ScrollRegion } from "../ui/scroll-region";
import { Loading, PageHeaderSkeleton, Skeleton } from "../ui/skeleton";
import { Stat, StatGrid } from "../ui/stat";
import { BlueprintLifecycleActions } from "./blueprint-lifecycle-actions";
import { BlueprintSettings } from "./blueprint-settings";
import { RoleTree } from "./role-tree";
import { YamlView } from "./yaml-view";

export function BlueprintDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const version = params.get("version") ?? undefined;
  const uploaded = params.get("uploaded");
  const [creating, setCreating] = useState(false);
  const { canOperate } = usePermissions();
  const blueprint = useQuery(trpc.blueprints.get.queryOptions({ id, version }));
  useDocumentTitle(`${id} · Blueprint`);

  if (blueprint.isPending) return <BlueprintSkeleton />;
  if (blueprint.isError) {
    if (hasErrorCode(blueprint.error, "NOT_FOUND")) {
      return (
        <EmptyState
          icon={SearchX}
          title="Blueprint not found"
          description={blueprint.error.message}
          actions={<ButtonLink href="/blueprints">Back to blueprints</ButtonLink>}
        />
      );
    }
    return (
      <ErrorState
        title="Could not load the blueprint"
        error={blueprint.error}
        onRetry={() => void blueprint.refetch()}
        retrying={blueprint.isFetching}
      />
    );
  }

  const detail = blueprint.data;
  const definition = definitionOf(detail);
  const roles = rolesOf(detail);
  const newest = detail.versions[0];
  const archived = new Set(detail.archivedVersions);
  // What a new cluster gets when no version is named: the newest version not archived.
  const defaultVersion = detail.versions.find((v) => !archived.has(v));

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Blueprints", href: "/blueprints" }]}
        title={detail.name}
        meta={
          <>
            <Badge mono>{detail.id}</Badge>
            <Badge tone={detail.version === newest ? "green" : "amber"}>
              v{detail.version}
              {detail.version === newest ? " · newest" : ""}
            </Badge>
            {detail.archivedAt && (
              <Badge tone="neutral" dot>
                archived: starts no new clusters
              </Badge>
            )}
          </>
        }
        description={detail.description}
        actions={
          <>
            {detail.versions.length > 1 && (
              <Select
                aria-label="Version"
                value={detail.version}
                onChange={(event) =>
                  router.replace(`${pathname}?version=${encodeURIComponent(event.target.value)}`, { scroll: false })
                }
                className="w-auto"
              >
                {detail.versions.map((v) => (
                  <option key={v} value={v}>
                    v{v}
                    {v === newest ? " (newest)" : ""}
                    {archived.has(v) ? " (archived)" : ""}
                  </option>
                ))}
              </Select>
            )}
            <ManifestDownloadButton
              load={() => client.blueprints.manifest.query({ id: detail.id, version: detail.version })}
            />
            <BlueprintLifecycleActions detail={detail} />
            {canOperate && !detail.archivedAt && (
              <Button variant="primary" onClick={() => setCreating(true)}>
                <Plus aria-hidden /> Create cluster
              </Button>
            )}
          </>
        }
      />

      {uploaded && (
        <Alert tone="success" className="mb-4">
          {uploaded === "new"
            ? `Uploaded version ${detail.version}.`
            : `Version ${detail.version} was already stored with the same content; nothing changed.`}
        </Alert>
      )}

      <StatGrid>
        <Stat label="Roles" value={roles.length} />
        <Stat
          label="Cluster size"
          value={formatRange(detail.workerBounds.min, detail.workerBounds.max)}
          detail="agents"
        />
        <Stat label="Default size" value={detail.defaultTargetWorkers} />
        <Stat
          label="Versions"
          value={detail.versions.length}
          detail={detail.versions.length > 1 ? `newest ${newest}` : undefined}
        />
      </StatGrid>

      <div className="mt-6 grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <Panel title="Roles" description="Who reports to whom, with how many agents each role runs" id="roles">
          <RoleTree roots={roleTree(roles)} />
        </Panel>
        <BlueprintSettings detail={detail} definition={definition} />
      </div>

      <Panel
        className="mt-6"
        title="Source"
        description={`${detail.source.split("\n").length} lines of YAML, as uploaded`}
        bodyClassName=""
        actions={<CopyButton text={detail.source} label="Copy YAML" />}
        id="source"
      >
        <ScrollRegion label="YAML source" className="max-h-[36rem]">
          <YamlView source={detail.source} />
        </ScrollRegion>
      </Panel>

      <CreateClusterDialog
        open={creating}
        onClose={() => setCreating(false)}
        blueprintId={detail.id}
        blueprintVersion={detail.version === defaultVersion ? undefined : detail.version}
      />
    </>
  );
}

function BlueprintSkeleton() {
  return (
    <Loading label="Loading blueprint">
      <PageHeaderSkeleton description="w-[28rem]" actions="w-36" />
      <Skeleton className="h-[70px] w-full rounded-lg" />
      <div className="mt-6 grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <Skeleton className="h-96 rounded-lg" />
        <Skeleton className="h-72 rounded-lg" />
      </div>
    </Loading>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { Boxes, Upload } from "lucide-react";
import { useState } from "react";
import { usePermissions } from "../../hooks/use-permissions";
import { useTRPC } from "../../trpc";
import { ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";
import { BlueprintTable } from "./blueprint-table";

export function BlueprintsView() {
  const trpc = useTRPC();
  const [includeArchived, setIncludeArchived] = useState(false);
  const list = useQuery(trpc.blueprints.list.queryOptions({ includeArchived }));
  const { canAdmin } = usePermissions();
  const upload = canAdmin && (
    <ButtonLink href="/blueprints/new" variant="primary">
      <Upload aria-hidden /> Upload blueprint
    </ButtonLink>
  );

  return (
    <>
      <PageHeader
        title="Blueprints"
        description={
          <>
            YAML templates of clusters: roles, hierarchy, counts and runtimes. Files in{" "}
            <code className="font-mono text-xs">blueprints/</code> load at start-up; uploads add versions.
          </>
        }
        actions={upload}
      />
      <Panel
        bodyClassName=""
        id="blueprints"
        actions={
          <label className="flex h-8 cursor-pointer items-center gap-2 rounded-md px-2 text-sm text-zinc-700 select-none hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
            <input
              type="checkbox"
              checked={includeArchived}
              onChange={(event) => setIncludeArchived(event.target.checked)}
              className="size-3.5 accent-emerald-600"
            />
            Show archived
          </label>
        }
      >
        {list.isError ? (
          <ErrorState
            title="Could not load the blueprints"
            error={list.error}
            onRetry={() => void list.refetch()}
            retrying={list.isFetching}
          />
        ) : (
          <BlueprintTable
            blueprints={list.data}
            empty={
              <EmptyState
                icon={Boxes}
                title="No blueprints yet"
                description="Upload a YAML blueprint, or put one in the blueprints/ folder and restart."
                actions={upload}
              />
            }
          />
        )}
      </Panel>
    </>
  );
}

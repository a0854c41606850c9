"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FileUp, Loader2, Sparkles, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { usePermissions } from "../../hooks/use-permissions";
import { errorIssues, errorMessage } from "../../lib/api-error";
import { useTRPC } from "../../trpc";
import { Alert } from "../ui/alert";
import { Button, buttonClasses } from "../ui/button";
import { PageHeader } from "../ui/page-header";
import { Panel } from "../ui/panel";
import { BlueprintHelp } from "./blueprint-help";
import { EXAMPLE_BLUEPRINT } from "./example-blueprint";
import { describeIssue, groupIssuesByLine } from "./issue-lines";
import { UploadStatus } from "./upload-status";
import { blueprintSource, useBlueprintValidation } from "./use-blueprint-validation";
import { YamlEditor, type YamlEditorHandle } from "./yaml-editor";
import { YamlView } from "./yaml-view";

function sentText(sent: { yaml?: string; manifest?: string } | undefined): string | undefined {
  return sent?.manifest ?? sent?.yaml;
}

/** Paste or pick a YAML blueprint (or a manifest), see its problems at their lines as you type, upload it. */
export function BlueprintUploadView() {
  const trpc = useTRPC();
  const { canAdmin } = usePermissions();
  const router = useRouter();
  const queryClient = useQueryClient();
  const editor = useRef<YamlEditorHandle>(null);
  const [source, setSource] = useState("");
  const [fileName, setFileName] = useState<string>();
  const [showAll, setShowAll] = useState(false);
  const validation = useBlueprintValidation(source);

  const upload = useMutation(
    trpc.blueprints.upload.mutationOptions({
      onSuccess: async ({ blueprint, created }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.blueprints.pathKey() });
        router.push(
          `/blueprints/${blueprint.id}?version=${encodeURIComponent(blueprint.version)}&uploaded=${created ? "new" : "same"}`,
        );
      },
    }),
  );
  // The upload's answer applies to the text that was sent; once the text changes, the live check takes over.
  const uploadIssues = upload.error && sentText(upload.variables) === source ? errorIssues(upload.error) : [];
  const issues = uploadIssues.length ? uploadIssues : (validation.result?.issues ?? []);
  const lineCount = source.split("\n").length;
  const { byLine, general } = groupIssuesByLine(issues, lineCount);
  const empty = source.trim() === "";

  const load = async (file: File) => {
    setSource(await file.text());
    setFileName(file.name);
    upload.reset();
  };

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Blueprints", href: "/blueprints" }]}
        title="Upload blueprint"
        description="A new id creates a blueprint; a known id with a new metadata.version adds a version. Clusters keep the version they were created from."
      />

      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="flex min-w-0 flex-col gap-6">
          <Panel
            id="editor"
            title={<label htmlFor="blueprint-yaml">Blueprint YAML</label>}
            description={fileName ? `From ${fileName}` : "Paste it here, drop a file on the editor, or choose one."}
            bodyClassName=""
            actions={
              <>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => setSource(EXAMPLE_BLUEPRINT)}
                  disabled={source === EXAMPLE_BLUEPRINT}
                >
                  <Sparkles aria-hidden /> Example
                </Button>
                <label
                  className={buttonClasses(
                    "secondary",
                    "sm",
                    "cursor-pointer focus-within:outline-2 focus-within:outline-emerald-500",
                  )}
                >
                  <FileUp aria-hidden /> Choose file
                  <input
                    type="file"
                    accept=".yaml,.yml,.md,application/yaml,text/yaml,text/markdown"
                    className="sr-only"
                    onChange={(event) => {
                      const file = event.target.files?.[0];
                      if (file) void load(file);
                      event.target.value = "";
                    }}
                  />
                </label>
              </>
            }
          >
            <YamlEditor
              ref={editor}
              id="blueprint-yaml"
              value={source}
              onChange={setSource}
              issueLines={new Set(byLine.keys())}
              onDropFile={(file) => void load(file)}
              describedBy="blueprint-status"
            />
            <div
              id="blueprint-status"
              className="flex min-h-12 flex-wrap items-center justify-between gap-3 border-t border-zinc-200 px-4 py-2 dark:border-zinc-800"
            >
              <UploadStatus
                empty={empty}
                checking={validation.checking && !uploadIssues.length}
                problems={empty ? undefined : validation.result ? issues.length : undefined}
              />
              <Button
                variant="primary"
                onClick={() => upload.mutate(blueprintSource(source))}
                disabled={!canAdmin || empty || upload.isPending}
              >
                {upload.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Upload aria-hidden />}
                Upload
              </Button>
            </div>
          </Panel>

          {upload.error && sentText(upload.variables) === source && (
            <Alert>
              <p className="font-medium">The blueprint was not stored.</p>
              <p className="mt-0.5">
                {uploadIssues.length === 1
                  ? "1 problem, shown at its line below."
                  : uploadIssues.length
                    ? `${uploadIssues.length} problems, shown at their lines below.`
                    : errorMessage(upload.error)}
              </p>
            </Alert>
          )}

          {issues.length > 0 && (
            <Panel
              id="problems"
              title={issues.length === 1 ? "1 problem" : `${issues.length} problems`}
              description="Each at the line it is on. Click a line number to jump there in the editor."
              bodyClassName=""
              actions={
                byLine.size > 0 && (
                  <Button size="sm" variant="ghost" onClick={() => setShowAll((all) => !all)}>
                    {showAll ? "Only lines with problems" : "Show all lines"}
                  </Button>
                )
              }
            >
              {general.length > 0 && (
                <ul className="space-y-1 border-b border-zinc-200 px-4 py-3 text-xs text-red-700 dark:border-zinc-800 dark:text-red-300">
                  {general.map((issue) => (
                    <li key={describeIssue(issue)}>{describeIssue(issue)}</li>
                  ))}
                </ul>
              )}
              {byLine.size > 0 && (
                <YamlView
                  source={source}
                  issues={issues}
                  compact={!showAll}
                  onLineClick={(line) => editor.current?.goToLine(line)}
                  className={validation.checking && !uploadIssues.length ? "opacity-60 transition-opacity" : undefined}
                />
              )}
            </Panel>
          )}
        </div>

        <BlueprintHelp />
      </div>
    </>
  );
}

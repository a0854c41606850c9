"use client";
import { useMutation } from "@tanstack/react-query";
import clsx from "clsx";
import { CheckCircle2, CircleDashed, Loader2, Stethoscope, XCircle } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { usePermissions } from "../../hooks/use-permissions";
import { errorMessage } from "../../lib/api-error";
import type { HealReport } from "../../lib/api-types";
import { formatDuration, humanize } from "../../lib/format";
import { useTRPC } from "../../trpc";
import { kindLabel } from "../healing/healing-kinds";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Skeleton } from "../ui/skeleton";

/**
 * The heal button: opens with a dry run that says what healing would do, heals on
 * confirmation, and ends with what was done. Every real run is in the healing history.
 */
export function HealButton({ clusterId, label = "Heal" }: { clusterId?: string; label?: string }) {
  const trpc = useTRPC();
  const { canOperate } = usePermissions();
  const [open, setOpen] = useState(false);
  const preview = useMutation(trpc.healing.heal.mutationOptions());
  const heal = useMutation(trpc.healing.heal.mutationOptions());

  const start = () => {
    heal.reset();
    preview.reset();
    setOpen(true);
    preview.mutate({ dryRun: true, clusterId });
  };
  const done = heal.data;
  if (!canOperate) return null;

  return (
    <>
      <Button
        variant={clusterId ? "secondary" : "primary"}
        onClick={start}
        title={
          clusterId
            ? "Check this cluster's agents and tasks now and heal what it finds"
            : "Run every check now and heal what it finds"
        }
      >
        <Stethoscope aria-hidden /> {label}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={done ? "Healing done" : "Heal now"}
        description={
          done
            ? "What was found and what was done. It is recorded in the healing history."
            : clusterId
              ? "This cluster's agents and tasks are checked now. First, what healing would do:"
              : "Every check runs now. First, what healing would do:"
        }
        footer={
          done ? (
            <>
              <Link
                href={clusterId ? `/healing?cluster=${clusterId}` : "/healing"}
                className="mr-auto self-center text-sm text-zinc-600 hover:underline dark:text-zinc-300"
                onClick={() => setOpen(false)}
              >
                Open the healing history
              </Link>
              <Button variant="primary" onClick={() => setOpen(false)}>
                Done
              </Button>
            </>
          ) : (
            <>
              <Button onClick={() => setOpen(false)}>Cancel</Button>
              <Button
                variant="primary"
                onClick={() => heal.mutate({ dryRun: false, clusterId })}
                disabled={!preview.data || heal.isPending}
              >
                {heal.isPending && <Loader2 className="animate-spin" aria-hidden />}
                Heal now
              </Button>
            </>
          )
        }
      >
        <div
          data-testid="heal-report"
          data-phase={done ? "done" : preview.data ? "preview" : "checking"}
          aria-live="polite"
        >
          {done ? (
            <ReportBody report={done} />
          ) : preview.isPending ? (
            <div className="space-y-2" aria-busy="true">
              <Skeleton className="h-16 w-full" />
              <Skeleton className="h-10 w-full" />
            </div>
          ) : preview.data ? (
            <ReportBody report={preview.data} />
          ) : null}
          {(preview.error ?? heal.error) && <Alert className="mt-3">{errorMessage(preview.error ?? heal.error)}</Alert>}
        </div>
      </Dialog>
    </>
  );
}

function ReportBody({ report }: { report: HealReport }) {
  const s = report.sample;
  return (
    <div className="space-y-3 text-sm">
      <dl className="grid grid-cols-3 gap-2 sm:grid-cols-5">
        {[
          ["CPU", `${s.cpuPercent.toFixed(0)} %`],
          ["Memory", `${s.memoryPercent.toFixed(0)} %`],
          ["Disk", `${s.diskPercent.toFixed(0)} %`],
          ["Redis", s.redisUp ? "up" : "down"],
          ["Database", s.databaseUp ? "up" : "down"],
        ].map(([label, value]) => (
          <div key={label} className="rounded-md border border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
            <dt className="text-[11px] text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className={clsx("font-semibold tabular-nums", value === "down" && "text-red-600 dark:text-red-400")}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {report.findings.length === 0 ? (
        <p
          className="flex items-center gap-2 rounded-md bg-emerald-50 px-3 py-2 text-emerald-800 dark:bg-emerald-500/10 dark:text-emerald-300"
          data-testid="heal-nothing"
        >
          <CheckCircle2 className="size-4" aria-hidden />
          {report.dryRun ? "All checks pass: nothing to heal." : "All checks passed: nothing needed healing."}
        </p>
      ) : (
        <ul className="space-y-2">
          {report.findings.map((finding) => (
            <li
              key={finding.kind}
              className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800"
              data-testid="heal-finding"
            >
              <p className="font-medium">
                {kindLabel(finding.kind)}{" "}
                <span className="font-normal text-zinc-500 dark:text-zinc-400">— {finding.detail}</span>
              </p>
              {finding.actions.length === 0 ? (
                <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                  Reported only: nothing Myzel may do about it.
                </p>
              ) : (
                <ul className="mt-1.5 space-y-1">
                  {finding.results.map((result) => (
                    <li key={result.action} className="flex items-start gap-2 text-xs">
                      <OutcomeIcon outcome={result.outcome} />
                      <span className="font-medium">{humanize(result.action)}</span>
                      <span className="min-w-0 flex-1 text-zinc-500 dark:text-zinc-400">
                        {result.outcome === "planned" ? "would run" : result.detail}
                      </span>
                      {result.outcome !== "planned" && (
                        <span className="tabular-nums text-zinc-500 dark:text-zinc-400">
                          {formatDuration(result.durationMs)}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function OutcomeIcon({ outcome }: { outcome: string }) {
  if (outcome === "ok") return <CheckCircle2 className="mt-px size-3.5 shrink-0 text-emerald-600" aria-label="done" />;
  if (outcome === "failed") return <XCircle className="mt-px size-3.5 shrink-0 text-red-600" aria-label="failed" />;
  return <CircleDashed className="mt-px size-3.5 shrink-0 text-zinc-400" aria-label="planned" />;
}

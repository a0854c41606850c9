import { ExternalLink } from "lucide-react";
import { Panel } from "../ui/panel";

const KEYS: Array<[string, string]> = [
  ["metadata", "id, name, version, description"],
  ["cluster", "type, min_workers, max_workers, routing, scaling"],
  ["agents[]", 'role, name, count (2 or "0-5"), reports_to, tier, capabilities, runtime'],
];

/** The shape of a blueprint at a glance, next to the editor. */
export function BlueprintHelp() {
  return (
    <Panel title="Format" id="format" className="xl:sticky xl:top-8">
      <dl className="space-y-3 text-xs">
        {KEYS.map(([key, fields]) => (
          <div key={key}>
            <dt className="font-mono font-medium text-zinc-900 dark:text-zinc-100">{key}</dt>
            <dd className="mt-0.5 text-zinc-500 dark:text-zinc-400">{fields}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-4 text-xs text-zinc-500 dark:text-zinc-400">
        Exactly one role has no <code className="font-mono">reports_to</code>: the supervisor at the root. Tiers rank
        supervisor → lead → specialist → worker; nobody reports to a lower tier.
      </p>
      <a
        href="/schemas/blueprint.json"
        target="_blank"
        rel="noreferrer"
        className="mt-4 inline-flex items-center gap-1.5 text-xs font-medium text-emerald-700 hover:underline dark:text-emerald-400"
      >
        JSON Schema for your editor <ExternalLink className="size-3" aria-hidden />
      </a>
    </Panel>
  );
}

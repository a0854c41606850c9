import clsx from "clsx";
import { Cpu, Terminal, Zap } from "lucide-react";
import type { BlueprintRole, RoleNode } from "../../lib/blueprint-roles";
import { TIER_STYLE, TierBadge } from "../hierarchy/tier-badge";
import { LIST_GROUP, LIST_ITEM } from "../hierarchy/tree-lines";
import { ChipList } from "../ui/chip";

function runtimeOf(role: BlueprintRole): { icon: typeof Cpu; label: string } {
  const runtime = role.runtime;
  if (runtime.type === "command") return { icon: Terminal, label: `command · ${runtime.argv[0]}` };
  if (runtime.type === "llm") return { icon: Zap, label: `llm · ${runtime.model}` };
  return { icon: Cpu, label: `builtin · ${runtime.behaviour}` };
}

function RoleCard({ role }: { role: BlueprintRole }) {
  const runtime = runtimeOf(role);
  const Icon = runtime.icon;
  return (
    <div
      className={clsx(
        "rounded-md border border-l-[3px] border-zinc-200 bg-white px-3 py-2 shadow-xs dark:border-zinc-800 dark:bg-zinc-900",
        TIER_STYLE[role.tier].accent,
      )}
    >
      <div className="flex items-center gap-2">
        <span className="min-w-0 truncate text-[13px] font-medium text-zinc-900 dark:text-zinc-100">{role.name}</span>
        <TierBadge tier={role.tier} />
        <span
          className="ml-auto shrink-0 rounded bg-zinc-100 px-1.5 font-mono text-[11px] tabular-nums text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
          title="Agents of this role"
        >
          ×{String(role.count).replace("-", "–")}
        </span>
      </div>
      <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-[11px] text-zinc-500 dark:text-zinc-400">
        <span className="font-mono">{role.role}</span>
        <span className="flex items-center gap-1 font-mono">
          <Icon className="size-3" aria-hidden />
          {runtime.label}
        </span>
        {role.concurrency > 1 && <span>{role.concurrency} tasks at once</span>}
      </div>
      {role.capabilities.length > 0 && (
        <div className="mt-1.5">
          <ChipList items={role.capabilities} budget={60} />
        </div>
      )}
    </div>
  );
}

function RoleBranch({ node }: { node: RoleNode }) {
  return (
    <>
      <RoleCard role={node.role} />
      {node.children.length > 0 && (
        <ul className={LIST_GROUP}>
          {node.children.map((child) => (
            <li key={child.role.role} className={LIST_ITEM}>
              <RoleBranch node={child} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The blueprint's roles in their reporting tree, each with tier, count, runtime and capabilities. */
export function RoleTree({ roots }: { roots: RoleNode[] }) {
  return (
    <ul aria-label="Roles" data-testid="role-tree" className="flex max-w-xl flex-col gap-4">
      {roots.map((root) => (
        <li key={root.role.role}>
          <RoleBranch node={root} />
        </li>
      ))}
    </ul>
  );
}

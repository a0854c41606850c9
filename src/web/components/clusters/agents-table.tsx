import { tierRank } from "@/domain/blueprint/validate-blueprint";
import type { Agent } from "../../lib/api-types";
import { formatDateTime, formatRelative } from "../../lib/format";
import { AgentStatusBadge } from "../hierarchy/agent-status";
import { TierBadge } from "../hierarchy/tier-badge";
import { Badge } from "../ui/badge";
import { Table, TD, TH, THead, TR } from "../ui/table";

const byName = new Intl.Collator("en", { numeric: true });

/** Highest rank first, then by name with numbers in order ("Worker 2" before "Worker 10"). */
function ordered(agents: Agent[]): Agent[] {
  return [...agents].sort((a, b) => tierRank(a.tier) - tierRank(b.tier) || byName.compare(a.name, b.name));
}

/** Every agent of a cluster in one flat list, with who each reports to. */
export function AgentsTable({ agents }: { agents: Agent[] }) {
  const names = new Map(agents.map((agent) => [agent.id, agent.name]));
  return (
    <Table aria-label="Agents">
      <THead>
        <tr>
          <TH>Agent</TH>
          <TH>Tier</TH>
          <TH>Status</TH>
          <TH className="hidden md:table-cell">Reports to</TH>
          <TH className="hidden min-[1400px]:table-cell">Runtime</TH>
          <TH className="hidden min-[1400px]:table-cell">Added</TH>
        </tr>
      </THead>
      <tbody>
        {ordered(agents).map((agent) => (
          <TR key={agent.id} data-testid="agent-row">
            <TD className="max-w-64">
              <div className="flex items-center gap-2">
                <span className="truncate font-medium text-zinc-900 dark:text-zinc-100">{agent.name}</span>
                {agent.addedManually && <Badge tone="blue">manual</Badge>}
              </div>
              <span className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{agent.key}</span>
            </TD>
            <TD>
              <TierBadge tier={agent.tier} />
            </TD>
            <TD>
              <AgentStatusBadge status={agent.status} />
            </TD>
            <TD className="hidden whitespace-nowrap text-zinc-600 md:table-cell dark:text-zinc-400">
              {agent.reportsToId ? (names.get(agent.reportsToId) ?? "—") : <span className="text-zinc-400">—</span>}
            </TD>
            <TD className="hidden font-mono text-xs text-zinc-600 min-[1400px]:table-cell dark:text-zinc-400">{agent.runtime}</TD>
            <TD className="hidden whitespace-nowrap text-zinc-500 min-[1400px]:table-cell dark:text-zinc-400">
              <time dateTime={agent.createdAt} title={formatDateTime(agent.createdAt)}>
                {formatRelative(agent.createdAt)}
              </time>
            </TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

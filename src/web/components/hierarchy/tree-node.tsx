import clsx from "clsx";
import type { HierarchyNode } from "../../lib/api-types";
import type { FlowState } from "../tasks/task-flow";
import { AgentCard } from "./agent-card";
import { LINE, LINES, LIST_GROUP, LIST_ITEM } from "./tree-lines";
import { countDescendants } from "./tree-model";

export interface TreeContext {
  collapsed: ReadonlySet<string>;
  activeId: string | undefined;
  toggle: (id: string) => void;
  /** How many columns fit side by side in the space the tree has. */
  columns: number;
  /** Agents holding part of a task the page follows. */
  flow?: ReadonlyMap<string, FlowState>;
  /** Opens an agent's details (a click on its card, or Enter on its item). */
  open?: (id: string) => void;
}

interface TreeNodeProps {
  node: HierarchyNode;
  level: number;
  position: number;
  setSize: number;
  tree: TreeContext;
  /** How the node sits among its siblings: a column of the top row, or an entry of a list. */
  layout: "root" | "column" | "list";
}

/** Width of one column of the top row (17rem), to work out how many fit. */
export const COLUMN_WIDTH_PX = 272;

const LAYOUT_CLASSES = {
  root: "flex flex-col",
  column: clsx(
    "relative w-[17rem] shrink-0 px-2 pt-5",
    // the bar over all columns: from the first column's middle to the last one's
    "before:absolute before:top-0 before:right-0 before:left-0 before:border-t",
    "first:before:left-1/2 last:before:right-1/2 only:before:hidden",
    // the stub from the bar down to this column's card
    "after:absolute after:top-0 after:left-1/2 after:h-5 after:border-l",
    LINES,
  ),
  list: LIST_ITEM,
} as const;

export function TreeNode({ node, level, position, setSize, tree, layout }: TreeNodeProps) {
  const { agent, subordinates } = node;
  const hasChildren = subordinates.length > 0;
  const expanded = hasChildren && !tree.collapsed.has(agent.id);
  // Side by side only when every column fits; otherwise the tree reads top to bottom.
  const spread = layout === "root" && subordinates.length > 1 && subordinates.length <= tree.columns;

  return (
    <li
      role="treeitem"
      data-id={agent.id}
      data-agent-key={agent.key}
      data-tier={agent.tier}
      // Named by its content, as in WAI-ARIA's tree examples: its card's text (status, name, tier, key,
      // capabilities) comes first; a name of its own would differ from what is shown (WCAG 2.5.3).
      aria-level={level}
      aria-posinset={position}
      aria-setsize={setSize}
      aria-expanded={hasChildren ? expanded : undefined}
      tabIndex={tree.activeId === agent.id ? 0 : -1}
      className={clsx(
        "outline-none [&:focus-visible>div>[data-card]]:ring-2 [&:focus-visible>div>[data-card]]:ring-emerald-500",
        LAYOUT_CLASSES[layout],
        layout === "root" && (spread ? "items-center self-center" : "w-full max-w-[26rem] self-start"),
      )}
    >
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard opens it with Enter on the treeitem (hierarchy-tree) */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the treeitem around it is the interactive element; this is its pointer target */}
      <div
        className={clsx(spread ? "w-[16rem]" : "w-full", tree.open && "cursor-pointer")}
        onClick={(event) => {
          // The expand/collapse button inside the card does its own thing.
          if ((event.target as HTMLElement).closest("button")) return;
          tree.open?.(agent.id);
        }}
      >
        <AgentCard
          agent={agent}
          descendants={countDescendants(node)}
          expanded={expanded}
          onToggle={() => tree.toggle(agent.id)}
          flow={tree.flow?.get(agent.id)}
        />
      </div>
      {expanded && (
        <>
          {spread && <div className={clsx("h-5 border-l", LINE)} aria-hidden />}
          {/* biome-ignore lint/a11y/useSemanticElements: in a tree, a treeitem's children are a group (WAI-ARIA); a fieldset is for form controls */}
          <ul role="group" className={spread ? "flex" : LIST_GROUP}>
            {subordinates.map((child, index) => (
              <TreeNode
                key={child.agent.id}
                node={child}
                level={level + 1}
                position={index + 1}
                setSize={subordinates.length}
                tree={tree}
                layout={spread ? "column" : "list"}
              />
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

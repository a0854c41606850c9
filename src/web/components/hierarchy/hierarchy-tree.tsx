"use client";
import { ChevronsDownUp, ChevronsUpDown } from "lucide-react";
import { type KeyboardEvent, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { HierarchyNode } from "../../lib/api-types";
import type { FlowState } from "../tasks/task-flow";
import { Button } from "../ui/button";
import { initiallyCollapsed, parentIds, visibleIds } from "./tree-model";
import { COLUMN_WIDTH_PX, type TreeContext, TreeNode } from "./tree-node";

interface HierarchyTreeProps {
  roots: HierarchyNode[];
  label?: string;
  flow?: ReadonlyMap<string, FlowState>;
  /** Opens an agent's details: a click on its card, or Enter on its item. */
  onOpen?: (agentId: string) => void;
}

/**
 * The reporting tree, drawn as boxes joined by lines: the supervisor on top, leads side by
 * side under it, everyone else listed under their manager. Keyboard use follows the WAI-ARIA
 * tree pattern: arrows move and open/close, Home/End jump, Enter toggles.
 */
export function HierarchyTree({ roots, label = "Agent hierarchy", flow, onOpen }: HierarchyTreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => initiallyCollapsed(roots));
  const [activeId, setActiveId] = useState<string>();
  const container = useRef<HTMLUListElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(0);

  // Measured before paint, so the tree is drawn once in the layout that fits.
  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return;
    const measure = () => setColumns(Math.floor(element.clientWidth / COLUMN_WIDTH_PX));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const visible = useMemo(() => visibleIds(roots, collapsed), [roots, collapsed]);
  const parents = useMemo(() => parentIds(roots), [roots]);
  // The one tabbable node: the last focused one while it is visible, else the first.
  const tabbable = activeId && visible.includes(activeId) ? activeId : visible[0];

  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const tree: TreeContext = { collapsed, activeId: tabbable, toggle, columns, flow, open: onOpen };
  // A row of columns needs the full width (and scrolls if it must); a list stays in the panel.
  const spreadAny = roots.some((root) => root.subordinates.length > 1 && root.subordinates.length <= columns);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const items = Array.from(container.current?.querySelectorAll<HTMLElement>('[role="treeitem"]') ?? []);
    const current = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (!current) return;
    const index = items.indexOf(current);
    const id = current.dataset.id ?? "";
    const expandable = current.getAttribute("aria-expanded");
    const focus = (item: HTMLElement | null | undefined) => {
      if (!item) return;
      item.focus();
      item.scrollIntoView({ block: "nearest", inline: "nearest" });
    };
    switch (event.key) {
      case "ArrowDown":
        focus(items[index + 1]);
        break;
      case "ArrowUp":
        focus(items[index - 1]);
        break;
      case "Home":
        focus(items[0]);
        break;
      case "End":
        focus(items.at(-1));
        break;
      case "ArrowRight":
        if (expandable === "false") toggle(id);
        else if (expandable === "true") focus(items[index + 1]);
        break;
      case "ArrowLeft":
        if (expandable === "true") toggle(id);
        else focus(current.parentElement?.closest<HTMLElement>('[role="treeitem"]'));
        break;
      case "Enter":
        // Enter opens the agent (its default action); Space and the arrows open and close branches.
        if (onOpen) onOpen(id);
        else if (expandable) toggle(id);
        break;
      case " ":
        if (expandable) toggle(id);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div>
      {parents.length > 0 && (
        <div className="mb-3 flex justify-end gap-1">
          <Button size="sm" variant="ghost" onClick={() => setCollapsed(new Set())} disabled={collapsed.size === 0}>
            <ChevronsUpDown aria-hidden /> Expand all
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => setCollapsed(new Set(parents))}
            disabled={collapsed.size === parents.length}
          >
            <ChevronsDownUp aria-hidden /> Collapse all
          </Button>
        </div>
      )}
      <div ref={frame} className="overflow-x-auto pb-2">
        <ul
          ref={container}
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: WAI-ARIA's tree pattern is a ul with role="tree", its items li with role="treeitem"
          role="tree"
          aria-label={label}
          data-testid="hierarchy-tree"
          onKeyDown={onKeyDown}
          onFocus={(event) => {
            const item = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
            if (item?.dataset.id) setActiveId(item.dataset.id);
          }}
          className={spreadAny ? "mx-auto flex w-max min-w-full flex-col items-center gap-6" : "flex flex-col gap-6"}
        >
          {roots.map((root, index) => (
            <TreeNode
              key={root.agent.id}
              node={root}
              level={1}
              position={index + 1}
              setSize={roots.length}
              tree={tree}
              layout="root"
            />
          ))}
        </ul>
      </div>
    </div>
  );
}

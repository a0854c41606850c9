import clsx from "clsx";

/*
 * Connector lines of the trees (agents and blueprint roles) are borders of ::before/::after,
 * so they follow the layout without measuring anything. Class names are written out in full
 * so that Tailwind finds them.
 */
export const LINE = "border-zinc-300 dark:border-zinc-700";
export const LINES =
  "before:border-zinc-300 after:border-zinc-300 dark:before:border-zinc-700 dark:after:border-zinc-700";

/** An entry of a vertical list under its parent: an elbow to its card, the line on to the next sibling. */
export const LIST_ITEM = clsx(
  "relative pb-1.5 pl-5 last:pb-0",
  "before:absolute before:-top-1.5 before:left-0 before:h-[1.55rem] before:w-4 before:rounded-bl-md before:border-b before:border-l",
  "after:absolute after:top-0 after:bottom-0 after:left-0 after:border-l last:after:hidden",
  LINES,
);

/** The list of children under a card. */
export const LIST_GROUP = "ml-3 pt-1.5";

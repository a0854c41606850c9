"use client";
import clsx from "clsx";
import { type DragEvent, forwardRef, useImperativeHandle, useRef } from "react";

interface YamlEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Lines to mark in the gutter (1-based). */
  issueLines: ReadonlySet<number>;
  onDropFile?: (file: File) => void;
  id?: string;
  describedBy?: string;
}

export interface YamlEditorHandle {
  /** Puts the caret at the start of a line and scrolls it into view. */
  goToLine: (line: number) => void;
}

const LINE_HEIGHT = 20;
const PADDING = 8;

/**
 * A plain textarea with a line-number gutter: no editor library, so typing, undo and
 * accessibility are the browser's own. The gutter and line marks scroll with the text.
 */
export const YamlEditor = forwardRef<YamlEditorHandle, YamlEditorProps>(function YamlEditor(
  { value, onChange, issueLines, onDropFile, id, describedBy },
  ref,
) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const marks = useRef<HTMLDivElement>(null);
  const lineCount = value.split("\n").length;

  const syncScroll = () => {
    const top = textarea.current?.scrollTop ?? 0;
    if (gutter.current) gutter.current.style.transform = `translateY(${-top}px)`;
    if (marks.current) marks.current.style.transform = `translateY(${-top}px)`;
  };

  useImperativeHandle(ref, () => ({
    goToLine(line: number) {
      const element = textarea.current;
      if (!element) return;
      const offset = value
        .split("\n")
        .slice(0, line - 1)
        .reduce((sum, text) => sum + text.length + 1, 0);
      element.focus();
      element.setSelectionRange(offset, offset);
      element.scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT);
      syncScroll();
    },
  }));

  const onDrop = (event: DragEvent) => {
    const file = event.dataTransfer.files[0];
    if (!file || !onDropFile) return;
    event.preventDefault();
    onDropFile(file);
  };

  return (
    <div className="relative flex h-[30rem] overflow-hidden font-mono text-[12.5px]">
      <div
        className="relative w-12 shrink-0 overflow-hidden border-r border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900"
        aria-hidden
      >
        <div ref={gutter} style={{ paddingTop: PADDING }}>
          {Array.from({ length: lineCount }, (_, index) => index + 1).map((line) => {
            const marked = issueLines.has(line);
            return (
              <div
                key={line}
                className={clsx(
                  "pr-2.5 text-right tabular-nums select-none",
                  marked ? "font-semibold text-red-600 dark:text-red-400" : "text-zinc-400 dark:text-zinc-600",
                )}
                style={{ height: LINE_HEIGHT, lineHeight: `${LINE_HEIGHT}px` }}
              >
                {marked && <span className="float-left ml-1.5 text-[9px]">●</span>}
                {line}
              </div>
            );
          })}
        </div>
      </div>
      <div className="relative min-w-0 flex-1">
        <div ref={marks} className="pointer-events-none absolute inset-x-0 top-0" aria-hidden>
          {[...issueLines].map((line) => (
            <div
              key={line}
              className="absolute inset-x-0 bg-red-500/10"
              style={{ top: PADDING + (line - 1) * LINE_HEIGHT, height: LINE_HEIGHT }}
            />
          ))}
        </div>
        <textarea
          ref={textarea}
          id={id}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onScroll={syncScroll}
          // A YAML file dropped on the text replaces it.
          onDragOver={(event) => event.preventDefault()}
          onDrop={onDrop}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          aria-describedby={describedBy}
          placeholder={"metadata:\n  id: my-team-v1\n  name: My Team\n  version: 1.0.0\n…"}
          className="relative h-full w-full resize-none bg-transparent px-3 text-zinc-900 outline-none placeholder:text-zinc-400 dark:text-zinc-100 dark:placeholder:text-zinc-600"
          style={{ lineHeight: `${LINE_HEIGHT}px`, paddingTop: PADDING, paddingBottom: PADDING, tabSize: 2 }}
        />
      </div>
    </div>
  );
});

"use client";
import { FileDown } from "lucide-react";
import { useState } from "react";
import type { ManifestDto } from "../../../schemas/manifest-api";
import { Button } from "../ui/button";

/** Saves a file in the browser: a link to a Blob, clicked once. */
export function saveFile(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  // The click has started the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "Manifest": fetches the Markdown manifest when clicked (it is made fresh) and saves it as a file. */
export function ManifestDownloadButton({ load }: { load: () => Promise<ManifestDto> }) {
  const [state, setState] = useState<"idle" | "loading" | "failed">("idle");
  return (
    <Button
      variant="secondary"
      disabled={state === "loading"}
      title={state === "failed" ? "The manifest could not be made; try again" : "Download the manifest (Markdown)"}
      onClick={() => {
        setState("loading");
        load().then(
          (manifest) => {
            saveFile(manifest.filename, manifest.markdown, manifest.contentType);
            setState("idle");
          },
          () => setState("failed"),
        );
      }}
    >
      <FileDown aria-hidden /> {state === "failed" ? "Manifest failed: retry" : "Manifest"}
    </Button>
  );
}

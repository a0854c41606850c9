import { FileText, UploadCloud } from "lucide-react";
import { Badge } from "../ui/badge";

/** Where a blueprint came from: the blueprints folder at start-up, or an upload through the API. */
export function OriginBadge({ origin }: { origin: string }) {
  const file = origin === "file";
  return (
    <Badge tone={file ? "neutral" : "blue"} className="gap-1">
      {file ? <FileText className="size-3" aria-hidden /> : <UploadCloud className="size-3" aria-hidden />}
      {file ? "file" : origin}
    </Badge>
  );
}

import type { Metadata } from "next";
import { BlueprintUploadView } from "../../../web/components/blueprints/blueprint-upload-view";

export const metadata: Metadata = { title: "Upload blueprint" };

export default function UploadBlueprintPage() {
  return <BlueprintUploadView />;
}

/** The shapes the server answers with, as the typed client sees them (unknown fields stay optional). */
import type { MyzelClient } from "../client";

export type Task = Awaited<ReturnType<MyzelClient["tasks"]["list"]["query"]>>["items"][number];
export type TaskWait = Awaited<ReturnType<MyzelClient["tasks"]["wait"]["query"]>>;
export type Cluster = Awaited<ReturnType<MyzelClient["clusters"]["get"]["query"]>>;
export type ClusterWait = Awaited<ReturnType<MyzelClient["clusters"]["wait"]["query"]>>;

/** Shapes of the API as the browser receives them, inferred from the tRPC router. */
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type Cluster = Outputs["clusters"]["get"];
export type ClusterPage = Outputs["clusters"]["list"];
export type ClusterListInput = Inputs["clusters"]["list"];
export type ClusterType = Cluster["type"];
export type ClusterStatus = Cluster["status"];
export type Agent = Outputs["agents"]["list"][number];
export type AgentTier = Agent["tier"];
export type AgentStatus = Agent["status"];
export type Hierarchy = Outputs["hierarchy"]["get"];
export type HierarchyNode = Hierarchy["roots"][number];
export type BlueprintSummary = Outputs["blueprints"]["list"][number];
export type BlueprintDetail = Outputs["blueprints"]["get"];
export type ValidationIssue = Outputs["blueprints"]["validate"]["issues"][number];
export type Task = Outputs["tasks"]["get"];
export type TaskStatus = Task["status"];
export type TaskPage = Outputs["tasks"]["list"];
export type TaskListInput = Inputs["tasks"]["list"];
export type DeadLetter = Outputs["deadLetters"]["list"]["items"][number];
export type HealingEntry = Outputs["healing"]["history"]["items"][number];
export type HealingPage = Outputs["healing"]["history"];
export type HealingListInput = Inputs["healing"]["history"];
export type HealReport = Outputs["healing"]["heal"];
export type SystemHealth = Outputs["system"]["health"];
export type ClusterFigures = Outputs["system"]["overview"][number];
export type AgentMetrics = Outputs["agents"]["metrics"]["perAgent"][number];
export type MetricsHistory = Outputs["agents"]["metricsHistory"];
export type MetricPoint = MetricsHistory["points"][number];
export type User = Outputs["users"]["list"][number];
export type ApiToken = Outputs["tokens"]["list"][number];
export type AuditEntry = Outputs["audit"]["list"]["items"][number];

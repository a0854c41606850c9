// Generated from Myzel's OpenAPI document by openapi-typescript: `npm run openapi-types`.
export interface paths {
    "/api/blueprints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List blueprints (newest version of each that is not archived)
         * @description The newest version of every blueprint that is not archived, each with its roles, worker bounds and when it was uploaded; `archivedVersions` names its archived versions. A blueprint whose every version is archived is left out unless `includeArchived=true`. Older versions stay readable through GET /api/blueprints/{id}?version=.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["blueprints-list"];
        put?: never;
        /**
         * Upload a blueprint (YAML, or a manifest)
         * @description Send `{ "yaml": "..." }` as JSON, or the YAML itself with `Content-Type: application/yaml`; or a manifest (Markdown with the blueprint as front matter, as GET /api/blueprints/{id}/manifest gives it) as `{ "manifest": "..." }` or with `Content-Type: text/markdown` — its front matter is stored as the YAML, and issues point at the manifest's lines. A new metadata.version publishes a new version; clusters keep the version they were created from. Uploading the same content again changes nothing (`created: false`).
         *
         *     Needs the ADMIN role.
         */
        post: operations["blueprints-upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/blueprints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A blueprint (newest version not archived, or ?version=)
         * @description A blueprint's newest version that is not archived, or the one named by `?version=`, with its YAML source and the parsed document. A named version is served even when archived (clusters made from it link to it); when every version is archived, the newest is served.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["blueprints-get"];
        put?: never;
        post?: never;
        /**
         * Delete a blueprint version (?version=), or every version
         * @description Refused with 409, naming them, while a cluster that is not deleted uses a version it would delete. A deleted version is gone from every answer; deleted clusters keep their record of it, and uploading it again brings it back. Deleting it again answers the same; a blueprint that never existed is a 404.
         *
         *     Needs the ADMIN role.
         */
        delete: operations["blueprints-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/blueprints/{id}/manifest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A blueprint's manifest (Markdown)
         * @description The blueprint as a Markdown document a person can read and review: its YAML as front matter (as uploaded, comments included), then its purpose, hierarchy, roles, counts, scaling and memory in words. Edited and uploaded to POST /api/blueprints as text/markdown, it publishes a new version. `markdown` is the file; `filename` a name to save it under.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["blueprints-manifest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/blueprints/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a blueprint without storing it
         * @description Parses and checks a blueprint exactly as an upload would, and stores nothing. An invalid blueprint is not an error here: the answer is `valid: false` with every issue, its JSON Pointer and its line and column in the YAML (or the manifest). Takes JSON `{ "yaml": "..." }` or `{ "manifest": "..." }`, the YAML itself, or a manifest as text/markdown.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        post: operations["blueprints-validate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/blueprints/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archive a blueprint version, or every version: it starts no new clusters
         * @description Send `{ "version": "1.0.0" }` for one version, nothing (or `{}`) for every version. Clusters made from it keep running, scaling, hibernating and waking. Creating a cluster from an archived version is refused with 409; with no version named, a new cluster uses the newest version not archived. Archiving what is archived changes nothing.
         *
         *     Needs the ADMIN role.
         */
        post: operations["blueprints-archive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/blueprints/{id}/unarchive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Undo archiving: the version (or every version) starts new clusters again
         * @description Send `{ "version": "1.0.0" }` for one version, nothing (or `{}`) for every version. Unarchiving what is not archived changes nothing; an unknown blueprint or version is a 404.
         *
         *     Needs the ADMIN role.
         */
        post: operations["blueprints-unarchive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List clusters (filters and pagination)
         * @description Clusters, newest first, filtered by status, type, blueprint or part of the name, and paged with `limit` and `cursor` (the `nextCursor` of the page before; also in the `Link` header). Deleted clusters (DESTROYED) are left out unless `includeDeleted` is true.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["clusters-list"];
        put?: never;
        /**
         * Create a cluster from a blueprint
         * @description Creates a cluster from the newest version of a blueprint (or `blueprintVersion`) and starts its agents; the answer comes at once, while it is PLANNING or SPAWNING, and GET /api/clusters/{id}/wait tells when it is ACTIVE. With an `Idempotency-Key` header a retry replays the first answer; without one, a second call with the same name is refused.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["clusters-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A cluster
         * @description A cluster's configuration, desired and running size, role targets, status and the blueprint version it was made from.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["clusters-get"];
        /**
         * Update a cluster's configuration
         * @description Changes a cluster's name, description, routing strategy or worker bounds. Fields left out stay as they are; the agents are reconciled to the new bounds.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        put: operations["clusters-update"];
        post?: never;
        /**
         * Delete a cluster (soft: it stays on record as DESTROYED)
         * @description Stops every agent and marks the cluster DESTROYED. Its tasks, metrics and history stay on record and it stays readable; its name becomes free again. Deleting it again answers as the first delete did.
         *
         *     Needs the ADMIN role.
         */
        delete: operations["clusters-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/manifest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A cluster's manifest (Markdown)
         * @description The cluster as a Markdown document: its blueprint version's YAML as front matter, then purpose, state and size, hierarchy with planned counts, roles (runtimes without secrets), counts and placement, scaling and memory in words, and the last 24 hours' figures (tasks, dead letters, healing). Uploaded to POST /api/blueprints as text/markdown, its front matter makes a blueprint version.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["clusters-manifest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/scale": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Scale to a number of workers, or set the agents of some roles
         * @description Sets the number of workers (`targetWorkers`) or the agents of some roles (`roles`); exactly one of the two. Agents are started or stopped in the background; the answer shows the new desired size. Scaling to the current size changes nothing.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["clusters-scale"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/hibernate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop every agent and keep the cluster
         * @description Stops every agent and keeps the cluster, its configuration and its history; it takes no tasks until reactivated. Tasks already queued wait for it.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["clusters-hibernate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/wait": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Wait until the cluster reaches a status (up to timeoutMs, at most 60 s)
         * @description Answers when the cluster reaches `status`, or after `timeoutMs` (at most 60 s) with the cluster as it is then: compare its status to tell which.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["clusters-wait"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Wake a hibernated cluster
         * @description Wakes a hibernated cluster: its agents start again at the size it had, and it takes tasks once ACTIVE.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["clusters-reactivate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/scaling-decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The auto-scaler's decisions of the last hour, newest first, each with its reason
         * @description What the auto-scaler decided for this cluster in the last hour, newest first: grow, shrink or hold, with the figures and the reason.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["clusters-scalingDecisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A cluster's agents
         * @description The cluster's agents with their role, tier, status, manager, node, process and current load; filtered by role or status, removed agents only with `includeRemoved`.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["agents-list"];
        put?: never;
        /**
         * Add an agent by hand under a manager
         * @description Starts one more agent of a role, under a manager you choose or the least-loaded agent of the role it reports to. The cluster's size grows by one.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["agents-add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/agents/{agentId}/output": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What an agent's process wrote to stdout and stderr
         * @description The newest lines the agent's process wrote (at most `keptLines` are kept per agent, each cut at 1,000 characters, for a week after the last one), oldest first, with anything that looks like a secret masked. Pass `next` back as `after` to follow the output as it grows.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["agents-output"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/agents/{agentId}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restart an agent after the work it holds
         * @description The agent finishes the tasks it holds, stops, and starts again (on another node when there is one). Recorded in the healing history with who asked.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["agents-restart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/agents/{agentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove an agent that was added by hand
         * @description The agent finishes the tasks it holds and stops; agents added under it move up to its manager, and the cluster is one smaller. A planned agent is not removed one by one: scale its role down. Removing again answers as the first time did.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        delete: operations["agents-remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Metric samples and current agent counts
         * @description The cluster's recent metric samples and its agents' figures now: queue length and wait, throughput, latency, error rate, CPU and memory.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["agents-metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/metrics/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Metric samples over a window, bucketed for charts
         * @description The cluster's metric samples over the last `windowMinutes` (up to 30 days), averaged into buckets (about 300 points at most) fit for a chart.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["agents-metricsHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/hierarchy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The supervisor → lead → specialist → worker tree
         * @description The cluster's agents as a tree: each node an agent with the agents that report to it.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["hierarchy-get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit a task to a cluster (to a role, a capability, an agent, or any agent)
         * @description Routes the task to one agent by the cluster's strategy (to a role, a capability, an agent, or any agent) and answers with the task. With `waitMs`, the answer comes when the task has finished or after that long. A hibernated cluster wakes up. Not idempotent: each call is a new task.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["tasks-submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/tasks/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit up to 1,000 tasks at once
         * @description Submits up to 1,000 tasks in one call, each routed like a single submission. All or nothing: if one is refused, none is submitted. A hibernated cluster wakes up. The answer lists the new tasks' ids in order.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["tasks-submitMany"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A task: target, routing, attempts, timings, result or error
         * @description A task with where it was sent and why, every attempt with its agent, its timings and its result or error.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["tasks-get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/trace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A task's trace: its root, every subtask and every attempt
         * @description The family the task belongs to (its root and every subtask delegated under it, up to 500), oldest first, with every attempt of each (agent, start, end, outcome, error), the chain from the root down to the task, and the agents they name: what a waterfall of the work is drawn from.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["tasks-trace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task-counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How many tasks are in each status
         * @description The number of tasks in each status, of one cluster or of all; with `rootsOnly` only the submitted tasks, not the subtasks delegated from them.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["tasks-counts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tasks, newest first (filters and pagination)
         * @description Tasks, newest first, filtered (cluster, status, text in the task, only submitted tasks…) and paged newest first with `limit` and `cursor` (the `nextCursor` of the page before; also in the `Link` header).
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["tasks-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/wait": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Wait for a task's result (up to timeoutMs, at most 60 s)
         * @description Answers when the task has finished, or after `timeoutMs` (at most 60 s) with the task as it is then: compare its status to tell which.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["tasks-wait"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a task that has not finished
         * @description Cancels a task that is queued or running; an agent running it is told to stop. The answer is the task, now CANCELLED.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["tasks-cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tasks waiting for approval, newest first
         * @description Tasks whose role requires approval and that no one has decided yet, with their cluster, their payload, the delegating tasks above them, the role that may decide (OPERATOR, or a higher one) and when their timeout passes.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["approvals-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a task that waits for approval
         * @description The task goes to routing like a newly submitted one (PENDING until an agent can take it). The comment is optional.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["approvals-approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a task that waits for approval
         * @description The task fails for good with the reason "rejected by <who>: <comment>" (a dead letter records it), and a delegating parent sees its subtask fail. The comment is required.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["approvals-reject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tasks that failed for good and control tasks that were rejected, with the reason
         * @description A task's dead letter holds the final reason and, in data.attempts, every failed attempt with its agent and error.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["deadLetters-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dead-letters/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run dead work again
         * @description A task is submitted anew as it was first submitted (the answer names the new task); a control task runs again. A letter is replayed once: a second replay is a 409.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["deadLetters-replay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/healing-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every detection and healing action, newest first (filters: clusterId, agentId, kind, since, outcome, severity, actor)
         * @description Every detection and healing action, newest first: what was noticed, on which cluster, agent or node, what was done, by whom, and how it ended. Filtered and paged.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["healing-history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/healing-history/kinds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The kinds of entries in the healing history, with how many of each
         * @description Each kind of entry the healing history can hold (agent restarts, circuit breakers, stranded tasks, Redis restarts…) with how many there are, for filters.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["healing-kinds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/heal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run every check now and heal what it finds
         * @description With `dryRun: true` nothing is changed: the answer says what would be done. With `clusterId` the checks are that cluster's: open circuit breakers, agents down, tasks stranded or waiting.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["healing-heal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/drills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a chaos drill
         * @description Kills agents, hangs one, kills runners and the managed redis-server while tasks flow, then reports lost and duplicated tasks and recovery times. Runs in the background: read it with GET /api/drills/{id}. One drill at a time.
         *
         *     Needs the ADMIN role.
         */
        post: operations["drills-start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/drills/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A chaos drill: live progress while it runs, its report afterwards
         * @description A chaos drill: its phases and counts while it runs, and afterwards its report of lost and duplicated tasks and recovery times.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["drills-get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * CPU, memory, disk, Redis and PostgreSQL, each coloured by the healing thresholds
         * @description The host's CPU, memory and disk, and the reachability and latency of Redis and PostgreSQL, each marked ok, warning or critical by the thresholds the healer acts on.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["system-health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every live cluster with its agents' health, open tasks, throughput and error rate (last 5 minutes)
         * @description Every live cluster with its agents by health, open tasks, throughput and error rate over the last five minutes: the dashboard's overview.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["system-overview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is calling: the signed-in user or the API token, with its role
         * @description The caller as Myzel sees it: a signed-in user or an API token, with its id, name and role. Useful to check a token.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["session-me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether Myzel still needs its first admin
         * @description Whether Myzel still has no user and waits for its first admin. Needs no sign-in, so a fresh installation can be set up.
         *
         *     Public: needs no sign-in.
         */
        get: operations["setup-status"];
        put?: never;
        /**
         * Create the first admin (refused once any user exists)
         * @description Creates the first admin of a fresh installation; needs no sign-in and works once only. Afterwards admins add users. Attempts are rate limited per address.
         *
         *     Public: needs no sign-in.
         */
        post: operations["setup-createAdmin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every user with their role
         * @description Every user with their role, whether they are disabled, and when they were created; newest first, a page at a time.
         *
         *     Needs the ADMIN role.
         */
        get: operations["users-list"];
        put?: never;
        /**
         * Add a user with a role and a first password
         * @description Adds a user who can sign in to the dashboard with this email and password, with a role.
         *
         *     Needs the ADMIN role.
         */
        post: operations["users-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{userId}/role": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change a user's role (applies to their next request)
         * @description Changes a user's role; it applies from their next request. The last active admin cannot be demoted.
         *
         *     Needs the ADMIN role.
         */
        post: operations["users-setRole"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{userId}/disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable a user (ends their sessions) or enable them again
         * @description Disables a user (their sessions end at once, sign-in is refused) or enables them again. Nobody can disable themselves, and the last active admin cannot be disabled.
         *
         *     Needs the ADMIN role.
         */
        post: operations["users-setDisabled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a user
         * @description Deletes a user and their sessions. What they did stays in the audit log under their name. Nobody can delete themselves, nor the last active admin.
         *
         *     Needs the ADMIN role.
         */
        delete: operations["users-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API tokens (never the tokens themselves)
         * @description API tokens with their name, role, expiry, when they were last used and whether they are revoked; never the tokens themselves.
         *
         *     Needs the ADMIN role.
         */
        get: operations["tokens-list"];
        put?: never;
        /**
         * Create an API token with a role and an optional expiry; the answer is the only time it is shown
         * @description Creates an API token with a role and an optional expiry. The answer holds the token: it is shown this once and stored only as a hash.
         *
         *     Needs the ADMIN role.
         */
        post: operations["tokens-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/{tokenId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an API token (it stops working at once)
         * @description Revokes an API token: it stops working at once. Revoking it again changes nothing.
         *
         *     Needs the ADMIN role.
         */
        post: operations["tokens-revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every change: who, what, on what, when, from where, outcome (filters: actorId, action, target, since)
         * @description Every change made through Myzel, newest first: who, what, on what, when, from where, and the outcome (refusals too). Filtered by actor, action, target and time, paged.
         *
         *     Needs the ADMIN role.
         */
        get: operations["audit-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/producers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Producers (never their passwords)
         * @description Producers with their name, the clusters whose control queues they may use, and whether they are revoked; never their passwords.
         *
         *     Needs the ADMIN role.
         */
        get: operations["producers-list"];
        put?: never;
        /**
         * Create a producer: a Redis user that may only add jobs to the control queues of these clusters; the answer is the only time its URL is shown
         * @description Creates a producer: a Redis user of its own that may only add jobs to the control queues of these clusters. The answer holds its Redis URL with the password, shown this once.
         *
         *     Needs the ADMIN role.
         */
        post: operations["producers-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/producers/{producerId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a producer (its Redis user is dropped at once)
         * @description Revokes a producer: its Redis user is dropped at once and its connections are closed. The record stays, marked revoked.
         *
         *     Needs the ADMIN role.
         */
        post: operations["producers-revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cluster/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The cluster's state and workers
         * @deprecated
         * @description Compatibility alias of the original self-healing cluster design. Use GET /api/clusters/{id} and GET /api/clusters/{id}/agents. Without `clusterId` it answers for the only cluster; while several exist it is refused with 409 naming them. instead.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["compat-status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cluster/task/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit a task to an agent type
         * @deprecated
         * @description Compatibility alias of the original self-healing cluster design. Use POST /api/clusters/{id}/tasks (agent_type is its role, description its payload). The input may also be sent as query parameters, as the original design's curl does. Without `clusterId` it answers for the only cluster; while several exist it is refused with 409 naming them. instead.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["compat-submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cluster/task/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A task's status and result
         * @deprecated
         * @description Compatibility alias of the original self-healing cluster design. Use GET /api/tasks/{id} instead.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["compat-task"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cluster/agents/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The agents with their task counts, errors, process ids and uptimes
         * @deprecated
         * @description Compatibility alias of the original self-healing cluster design. Use GET /api/clusters/{id}/agents and GET /api/clusters/{id}/metrics. Without `clusterId` it answers for the only cluster; while several exist it is refused with 409 naming them. instead.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["compat-liveAgents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cluster/heal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run every check now and heal what it finds
         * @deprecated
         * @description Compatibility alias of the original self-healing cluster design. Use POST /api/heal instead.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["compat-heal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cluster/infrastructure/healing-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Healing actions, newest first
         * @deprecated
         * @description Compatibility alias of the original self-healing cluster design. Use GET /api/healing-history instead.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["compat-healingHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cluster/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * System, Redis and per-worker figures
         * @deprecated
         * @description Compatibility alias of the original self-healing cluster design. Use GET /api/system/health and GET /api/clusters/{id}/metrics. Without `clusterId` it answers for the only cluster; while several exist it is refused with 409 naming them. instead.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["compat-metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A cluster's sessions
         * @description Every session key of the cluster with a transcript or conversation (turns recorded) or a live tool process (per agent: pid, idle/busy/lost, turns, and why its state was lost), most recently used first.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["sessions-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/sessions/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One session
         * @description Turns recorded and where the session's tool runs now.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["sessions-get"];
        put?: never;
        post?: never;
        /**
         * End a session and delete its history
         * @description Deletes the session's stored messages and closes its tool process on every agent. The key's next prompt starts a new session (a new conversation for an llm role).
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        delete: operations["sessions-end"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/sessions/{key}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A session's transcript or conversation
         * @description The session's prompts (user) and answers (assistant), oldest first: the newest `limit` messages. Empty for a key without history.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["sessions-history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alert-webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Alert webhooks (never their secrets)
         * @description Endpoints that receive alerts, with their format and topics; never their signing secrets.
         *
         *     Needs the ADMIN role.
         */
        get: operations["alertWebhooks-list"];
        put?: never;
        /**
         * Add an alert webhook; the answer is the only time its signing secret is shown
         * @description Adds an endpoint that receives alerts as signed POST requests (X-Myzel-Signature: sha256=HMAC(secret, timestamp + '.' + body), X-Myzel-Timestamp), in Myzel's JSON or Slack's incoming-webhook format. Failed deliveries are retried with exponential backoff.
         *
         *     Needs the ADMIN role.
         */
        post: operations["alertWebhooks-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alert-webhooks/{webhookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete an alert webhook and its deliveries
         * @description Deletes an alert webhook; its deliveries go with it and pending ones are not made.
         *
         *     Needs the ADMIN role.
         */
        delete: operations["alertWebhooks-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alert-webhooks/{webhookId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test alert to a webhook
         * @description Queues a test alert to this webhook; its delivery shows in the webhook's deliveries with its outcome.
         *
         *     Needs the ADMIN role.
         */
        post: operations["alertWebhooks-test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alert-webhooks/{webhookId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A webhook's latest deliveries with their outcome
         * @description The newest 50 deliveries of a webhook: pending, delivered or failed, with attempts, the last HTTP status and error.
         *
         *     Needs the ADMIN role.
         */
        get: operations["alertWebhooks-deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The runner nodes: state, labels, capacity, agents by cluster, load, failovers
         * @description Every live node and every lost one not yet removed: address, labels (its runner's MYZEL_NODE_LABELS), capacity, agents by cluster, CPU and memory, last heartbeat, state (ready, cordoned, draining, lost), and how often and how long it failed over.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["nodes-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One node
         * @description The node as the list shows it: state, labels, capacity, agents by cluster, load, heartbeat and failovers.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["nodes-get"];
        put?: never;
        post?: never;
        /**
         * Forget a node that is gone
         * @description Removes a lost or stopped node from the list and answers it as it was. A node that still beats is drained and its runner stopped first.
         *
         *     Needs the ADMIN role.
         */
        delete: operations["nodes-remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes/{id}/cordon": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Place no new agents on a node
         * @description The node keeps what it runs; new agents, woken ones and restarts go to other nodes. Idempotent.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["nodes-cordon"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes/{id}/uncordon": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Let a node take new agents again (ends a drain)
         * @description Ends a cordon, and a drain in progress: agents that have not moved yet stay. Idempotent.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["nodes-uncordon"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes/{id}/drain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move every agent off a node before maintenance
         * @description Cordons the node, then each agent finishes the task it holds, stops, and starts on another node (placement rules apply; one that fits nowhere waits with the reason). When the node is empty the drain ends, in the healing history with its duration, and the node can be stopped and removed. Asking again changes nothing.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["nodes-drain"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes/rebalance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move agents off crowded nodes onto emptier ones
         * @description Agents above a node's fair share (by capacity) finish their work and start on nodes below theirs, as far as placement rules allow. Recorded in the healing history.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["nodes-rebalance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Backups, newest first
         * @description Backups with their status, progress, archive path, size and manifest, newest first.
         *
         *     Needs the ADMIN role.
         */
        get: operations["backups-list"];
        put?: never;
        /**
         * Start a backup
         * @description Writes a pg_dump of the database, a fresh Redis RDB, the blueprints folder and a manifest (versions, sizes, SHA-256) as one tar archive into the backup folder (MYZEL_BACKUP_DIR), then verifies it. Runs in the background: follow `phase` and `progress` with GET /api/backups/{id}. One backup at a time.
         *
         *     Needs the ADMIN role.
         */
        post: operations["backups-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backups/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where and when backups are written, and the WAL archive's size
         * @description The backup folder, the cron schedule and its next run, the retention count, and whether the embedded PostgreSQL archives WAL for point-in-time recovery (with the archive's size and cap).
         *
         *     Needs the ADMIN role.
         */
        get: operations["backups-settings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One backup: its progress while it runs, its manifest afterwards
         * @description One backup: phase and progress while it is written, then its archive, size and manifest, or why it failed.
         *
         *     Needs the ADMIN role.
         */
        get: operations["backups-get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/backups/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify a backup's archive again
         * @description Unpacks the archive, checks every file's size and SHA-256 against the manifest and lists the dump with pg_restore --list. Changes nothing.
         *
         *     Needs the ADMIN role.
         */
        post: operations["backups-verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every recorded version of the cluster's desired state, newest first
         * @description Each change to the cluster's configuration, size, blueprint version or lifecycle status as a numbered revision: the state after it, who made it and why, and what changed against the revision before.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["clusterHistory-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Return the cluster to an earlier revision's size, settings and lifecycle
         * @description Applies an earlier revision through the lifecycle: settings, then size (or the other way round where the bounds need it), then hibernation or reactivation. Each step is a new revision whose reason names the one returned to; the call is audited.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["clusterHistory-rollback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/memory/namespaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Memory namespaces (of a cluster, or global)
         * @description Memory namespaces with their counts of values and documents: a cluster's (clusterId) or the global ones (global=true); archived ones (of destroyed clusters) only with includeArchived.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["memory-namespaces"];
        put?: never;
        /**
         * Create a namespace for a cluster, or a global one
         * @description Creates a namespace. A cluster's roles' namespaces are made with the cluster; this adds more, or a global one (no clusterId) that blueprints name as global:<name>.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["memory-createNamespace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/memory/namespaces/{namespaceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One memory namespace
         * @description One namespace: its cluster (or none: global), search language, counts, and when it was archived and will be purged.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["memory-namespace"];
        put?: never;
        post?: never;
        /**
         * Delete a namespace with all its values and documents
         * @description Deletes a namespace and everything in it at once (export it first to keep a copy).
         *
         *     Needs the ADMIN role.
         */
        delete: operations["memory-deleteNamespace"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/memory/namespaces/{namespaceId}/values": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Values, by key
         * @description The live values of a namespace in key order (expired ones are left out), a page at a time: pass nextAfter as after.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["memory-values"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/memory/namespaces/{namespaceId}/values/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One value
         * @description One value with its version (for compare-and-set), expiry and who wrote it last; 404 when absent or expired.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["memory-getValue"];
        /**
         * Write a value (compare-and-set with expectedVersion)
         * @description Writes JSON under a key. With expectedVersion the write succeeds only while the key is at that version (0: only if it does not exist); otherwise 409 names the current version.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        put: operations["memory-putValue"];
        post?: never;
        /**
         * Delete a value (compare-and-set with expectedVersion)
         * @description Deletes a value; with expectedVersion only while it is at that version. deleted says whether there was one.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        delete: operations["memory-deleteValue"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/memory/namespaces/{namespaceId}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Documents, newest first
         * @description The documents of a namespace, newest first, optionally only those with a tag; keyset pages.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["memory-documents"];
        put?: never;
        /**
         * Store a document (text, metadata, tags)
         * @description Stores a document, indexed for full-text search in the namespace's language and for trigram similarity.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["memory-createDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/memory/namespaces/{namespaceId}/documents/{documentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One document
         * @description One document with its text, metadata, tags, and who stored it (user:, token: or agent:).
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["memory-getDocument"];
        put?: never;
        post?: never;
        /**
         * Delete a document
         * @description Deletes one document of the namespace; 404 when the namespace holds no document with that id.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        delete: operations["memory-deleteDocument"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/memory/namespaces/{namespaceId}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search documents: full text in the namespace's language, and trigram similarity
         * @description Finds documents matching any word of q (stemmed in the namespace's language) or spelled alike (pg_trgm), ranked by both; tags narrows to documents with all of them.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["memory-search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/memory/namespaces/{namespaceId}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export a namespace as JSON lines
         * @description Every live value (with version and expiry) and every document of the namespace, one JSON object a line, ready for import.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["memory-export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/memory/namespaces/{namespaceId}/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import JSON lines (as an export gives them) into a namespace
         * @description Every line is checked before any is written: a bad line stores nothing and is named in `issues`. Values are written as given; documents keep their ids, so importing twice adds nothing.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["memory-import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agent-memory/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The namespaces this agent may use
         * @description The namespaces this agent's role may read and write, and its own (where put and search go by default).
         *
         *     Only for agents: needs the agent's memory credential (MYZEL_MEMORY_TOKEN, given by its runner), never an API token.
         */
        get: operations["agentMemory-grants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agent-memory/values/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a value
         * @description Reads a value of a namespace the agent may read (its own unless namespace names another).
         *
         *     Only for agents: needs the agent's memory credential (MYZEL_MEMORY_TOKEN, given by its runner), never an API token.
         */
        get: operations["agentMemory-getValue"];
        /**
         * Write a value (compare-and-set with expectedVersion)
         * @description Writes a value to a namespace the agent may write; with expectedVersion only while the key is at that version.
         *
         *     Only for agents: needs the agent's memory credential (MYZEL_MEMORY_TOKEN, given by its runner), never an API token.
         */
        put: operations["agentMemory-putValue"];
        post?: never;
        /**
         * Delete a value
         * @description Deletes a value of a namespace the agent may write; with expectedVersion only while it is at that version.
         *
         *     Only for agents: needs the agent's memory credential (MYZEL_MEMORY_TOKEN, given by its runner), never an API token.
         */
        delete: operations["agentMemory-deleteValue"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agent-memory/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Store a document
         * @description Stores a document in a namespace the agent may write, recorded as written by the agent.
         *
         *     Only for agents: needs the agent's memory credential (MYZEL_MEMORY_TOKEN, given by its runner), never an API token.
         */
        post: operations["agentMemory-createDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agent-memory/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search documents
         * @description Searches a namespace the agent may read: any word of q in full text, and similar spellings.
         *
         *     Only for agents: needs the agent's memory credential (MYZEL_MEMORY_TOKEN, given by its runner), never an API token.
         */
        get: operations["agentMemory-search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Providers with their limits and what their limiters hold now
         * @description Every provider: endpoint, the name of its key's environment variable (never the key), its fleet-wide limits, and current use: calls admitted, throttled and answered 429, calls in flight, tasks waiting for their turn, and a pause set by a Retry-After.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["providers-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/providers/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One provider with its limits and current use
         * @description A provider's endpoint, key variable name, limits and what its limiter holds now.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["providers-get"];
        /**
         * Define a provider, or change its endpoint, key variable or limits
         * @description Creates or replaces a provider. Roles use it with `runtime: { type: llm, provider: <name>, model: … }`. Limits take effect for every agent on every node within seconds; agents started later get the endpoint and key variable.
         *
         *     Needs the ADMIN role.
         */
        put: operations["providers-put"];
        post?: never;
        /**
         * Delete a provider no agent uses
         * @description Deletes a provider and its limiter's state; refused with 409 while agents of live clusters use it.
         *
         *     Needs the ADMIN role.
         */
        delete: operations["providers-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/model-prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Model prices (US dollars per million tokens)
         * @description What each model costs per million input and output tokens: the basis of every task's cost.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["providers-prices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/model-prices/{model}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a model's price
         * @description Sets what a model costs per million input and output tokens. Tasks finished from now on are priced with it; earlier tasks keep their cost.
         *
         *     Needs the ADMIN role.
         */
        put: operations["providers-putPrice"];
        post?: never;
        /**
         * Remove a model's price
         * @description Removes a model's price: its tasks finished from now on have no cost recorded.
         *
         *     Needs the ADMIN role.
         */
        delete: operations["providers-deletePrice"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/costs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What tasks cost, per cluster, role, agent or day
         * @description Sums the cost of the tasks that finished in a window (default: the last 30 days), grouped by cluster, role, agent or UTC day; optionally of one cluster. A task's cost is its usage at its model's price when it finished.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["costs-summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/budgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Budgets with what was spent in their current period and their state
         * @description Every budget (or, with clusterId, the cluster's and the global ones) with what was spent this UTC day or month, whether the soft limit is reached and whether the hard limit holds provider calls; with clusterId also whether that cluster is held now, and why.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["budgets-list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/budgets/{scope}/{period}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set or raise a budget
         * @description Sets a cluster's (or the global) budget for a UTC day or month. At the soft limit a notice is given; at the hard limit (less one task like the costliest of the period) the cluster's provider calls are held and its tasks wait. Raising the limit releases them at once.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        put: operations["budgets-put"];
        post?: never;
        /**
         * Remove a budget (what it held goes on)
         * @description Removes a budget; tasks it held go on at once.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        delete: operations["budgets-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/budgets/{scope}/{period}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume what a spent budget holds, until its period ends
         * @description Releases the tasks a spent budget holds and lets spending go on until the end of the current day or month; the next period counts afresh.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["budgets-resume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/planner": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How the planner proposes now: a model, or the shipped templates
         * @description `model` when an admin configured an OpenAI-compatible endpoint (MYZEL_PLANNER_URL, MYZEL_PLANNER_MODEL), else `template`: the closest shipped template is adapted.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["planner-status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/planner/proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Propose a blueprint for a goal (nothing is applied)
         * @description From a goal in plain words, a proposed blueprint (YAML), its manifest and an explanation. With a configured model, the model is asked for structured output against the blueprint's JSON Schema; an answer that is not a valid blueprint is sent back with its problems, up to MYZEL_PLANNER_ATTEMPTS times. Without one, the shipped template whose words match the goal best is adapted, and the explanation says so. Nothing is stored but the record of the call (GET /api/planner/calls): upload the YAML (edited or not) to POST /api/blueprints to apply it. Admins only, as applying it is an upload.
         *
         *     Needs the ADMIN role.
         */
        post: operations["planner-propose"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/planner/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The planner's calls, newest first, with the tokens each used
         * @description Every proposal asked for: who asked, the goal, model or template, the model's attempts and tokens (prompt and completion), and the outcome (proposed, invalid: no valid answer in the attempts, failed: the endpoint failed).
         *
         *     Needs the ADMIN role.
         */
        get: operations["planner-calls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A cluster's schedules with their next run and newest runs
         * @description Every schedule of the cluster, by name: its expression and timezone, the task it submits, whether it is enabled, its next planned time and its five newest runs, each with the task it submitted.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["schedules-list"];
        put?: never;
        /**
         * Schedule a task on a cron expression
         * @description Creates a schedule: on each time the cron expression names (read in `timezone`), the leading server submits the task as any submission would be (routing, budgets; a hibernated cluster wakes). Runs missed while no server was leading follow `missedRuns`. Nothing before its creation is made up.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        post: operations["schedules-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/schedules/{scheduleId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One schedule with its next run and newest runs
         * @description A schedule with its next planned time and its five newest runs.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["schedules-get"];
        /**
         * Change, enable or disable a schedule
         * @description Changes a schedule's name, expression, timezone, task, missed-run policy or whether it is enabled. Fields left out stay as they are. A new expression or timezone, or enabling it, starts its runs from now: runs while it was disabled are not missed runs.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        put: operations["schedules-update"];
        post?: never;
        /**
         * Delete a schedule and its runs (their tasks stay)
         * @description Deletes a schedule and the record of its runs; the tasks they submitted stay. The answer is the schedule as it was.
         *
         *     Needs the OPERATOR role (or any role above it).
         */
        delete: operations["schedules-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clusters/{id}/schedules/{scheduleId}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A schedule's runs, newest first
         * @description Every planned time the schedule acted on, newest first: the task it submitted (with its status), or why it skipped or failed. Paged with `limit` and `cursor`.
         *
         *     Needs the VIEWER role (or any role above it).
         */
        get: operations["schedules-runs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description any JSON value */
        JsonValue: unknown;
        /** @description JSON object of your own fields */
        MemoryMetadata: {
            [key: string]: components["schemas"]["JsonValue"];
        };
        Issue: {
            /** @description where, as a JSON Pointer (RFC 6901) into the input: `/agents/2/reports_to`; `""` for the input as a whole */
            path: string;
            message: string;
            line?: number;
            column?: number;
        };
        BlueprintSummary: {
            /** @description metadata.id of the blueprint, e.g. marketing-v1 */
            id: string;
            version: string;
            name: string;
            description: string | null;
            clusterType: string;
            roles: number;
            minWorkers: number;
            maxWorkers: number;
            /** @description every stored version, newest first (archived ones included) */
            versions: string[];
            /** @description the versions that are archived: they start no new clusters; clusters made from them run on */
            archivedVersions: string[];
            /** @description when this version was archived; null while it starts new clusters */
            archivedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @description file (loaded from the blueprints folder) or api */
            origin: string;
        };
        BlueprintUploadResult: {
            /** @description false when this exact version was already stored with the same content */
            created: boolean;
            blueprint: components["schemas"]["Blueprint"];
        };
        Blueprint: {
            /** @description metadata.id of the blueprint, e.g. marketing-v1 */
            id: string;
            version: string;
            name: string;
            description: string | null;
            clusterType: string;
            roles: number;
            minWorkers: number;
            maxWorkers: number;
            /** @description every stored version, newest first (archived ones included) */
            versions: string[];
            /** @description the versions that are archived: they start no new clusters; clusters made from them run on */
            archivedVersions: string[];
            /** @description when this version was archived; null while it starts new clusters */
            archivedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @description file (loaded from the blueprints folder) or api */
            origin: string;
            rowId: string;
            /** @description the YAML as uploaded */
            source: string;
            /** @description the parsed blueprint, defaults filled in */
            definition: {
                [key: string]: unknown;
            };
            defaultTargetWorkers: number;
            workerBounds: {
                min: number;
                max: number;
            };
        };
        Manifest: {
            /** @description a file name to save it under, e.g. marketing-v1-1.0.0.md */
            filename: string;
            /** @constant */
            contentType: "text/markdown; charset=utf-8";
            /** @description the manifest: the blueprint as YAML front matter, then what it means in words; upload it to POST /api/blueprints as text/markdown */
            markdown: string;
        };
        BlueprintValidation: {
            valid: boolean;
            issues: components["schemas"]["Issue"][];
        };
        ClusterPage: {
            items: components["schemas"]["Cluster"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        Cluster: {
            id: string;
            name: string;
            description: string | null;
            /** @enum {string} */
            type: "department" | "project" | "temporary" | "persistent";
            /** @enum {string} */
            status: "PLANNING" | "SPAWNING" | "ACTIVE" | "SCALING_UP" | "SCALING_DOWN" | "HIBERNATED" | "DESTROYING" | "DESTROYED";
            blueprintId: string;
            blueprintVersion: string;
            minWorkers: number;
            maxWorkers: number;
            /** @description planned agents (those added by hand not counted); the cluster runs them when awake */
            targetWorkers: number;
            /** @description agents whose process runs now and takes tasks; 0 while hibernated */
            currentWorkers: number;
            /** @description planned agents per role; they add up to targetWorkers */
            roleTargets: {
                [key: string]: number;
            };
            /** @enum {string} */
            routingStrategy: "round-robin" | "least-busy" | "sticky" | "weighted";
            /** @description lifecycle events possible in the current status */
            allowedActions: string[];
            /** Format: date-time */
            statusChangedAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            deletedAt: string | null;
            /** @description the version of the desired state (configuration, targets, requested lifecycle), not of the agents' live statuses; the ETag is "v<version>" */
            version: number;
        };
        ScalingDecisions: {
            clusterId: string;
            enabled: boolean;
            items: components["schemas"]["ScalingDecision"][];
        };
        ScalingDecision: {
            at: string;
            /** @enum {string} */
            direction: "up" | "down" | "none" | "hibernate" | "expire";
            from: number;
            to: number;
            /** @description why, naming the metric and its values; "no change: …" when nothing moved */
            reason: string;
            trigger: string | null;
            /** @description the latest metric sample in words */
            observed: string | null;
            /** @description agents added (+) or removed (-) per role */
            roles: {
                [key: string]: number;
            };
            /** @enum {string} */
            outcome: "applied" | "held" | "failed";
            error: string | null;
        };
        Agent: {
            id: string;
            clusterId: string;
            key: string;
            role: string;
            /** @enum {string} */
            tier: "supervisor" | "lead" | "specialist" | "worker";
            name: string;
            capabilities: string[];
            /** @enum {string} */
            status: "PENDING" | "STARTING" | "IDLE" | "BUSY" | "FAILED" | "STOPPED";
            reportsToId: string | null;
            /** @description builtin, command or llm */
            runtime: string;
            addedManually: boolean;
            /** @description the runner node it runs on */
            nodeId: string | null;
            /** @description why it waits for a node: no live node meets its role's placement (labels, room, max_per_node) */
            placementWait: string | null;
            /** @description a drain or rebalance moves it: it finishes its work, then starts on another node */
            moving: boolean;
            /** @description OS process id while it runs */
            pid: number | null;
            startedAt: string | null;
            restartCount: number;
            /**
             * @description its circuit breaker: open = no restarts and no routing
             * @enum {string}
             */
            circuit: "closed" | "open" | "half_open";
            /** Format: date-time */
            createdAt: string;
            removedAt: string | null;
        };
        AgentOutput: {
            agentId: string;
            /** @description oldest first */
            lines: {
                id: string;
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                stream: "stdout" | "stderr";
                /** @description one line, secrets masked */
                text: string;
            }[];
            /** @description pass as `after` to get the lines written since; null when none were kept */
            next: string | null;
            /** @description how many lines are kept for this agent at most */
            keptLines: number;
        };
        AgentActionResult: {
            agentId: string;
            /** @enum {string} */
            action: "restart" | "remove";
            /** @description what happens next */
            detail: string;
        };
        ClusterMetrics: {
            clusterId: string;
            /** @description current agents by status */
            agents: {
                [key: string]: number;
            };
            /** @description per role of the blueprint, now: a role at 0 agents with tasks waiting needs scaling (auto-scaling does it when on) */
            roles: components["schemas"]["RoleFigures"][];
            perAgent: components["schemas"]["AgentMetrics"][];
            samples: components["schemas"]["MetricSample"][];
        };
        RoleFigures: {
            role: string;
            /** @description planned agents of the role */
            target: number;
            /** @description its agents up and taking tasks */
            running: number;
            /** @description tasks for the role not yet in an agent's hands */
            waiting: number;
            /** @description how long its oldest task has waited for an agent; 0 when none waits */
            oldestWaitMs: number;
        };
        AgentMetrics: {
            agentId: string;
            key: string;
            tasksSent: number;
            tasksCompleted: number;
            tasksFailed: number;
            avgResponseMs: number | null;
            p95ResponseMs: number | null;
            /** @description completed / (completed + failed) */
            successRate: number | null;
            uptimeSeconds: number;
            restartCount: number;
            activeTasks: number;
            /** @description active tasks / concurrency */
            load: number;
            /** @description its heartbeat is fresh */
            alive: boolean;
        };
        MetricSample: {
            /** @description tasks waiting for an agent */
            queueLength: number;
            /** @description average wait before an agent took it, tasks finished in the last minute */
            queueWaitMs: number;
            /** @description tasks finished in the last minute */
            tasksPerMinute: number;
            /** @description submit → result, tasks that succeeded in the last minute */
            avgResponseMs: number;
            p95ResponseMs: number;
            /** @description failed / finished in the last minute, 0-1 */
            errorRate: number;
            /** @description agents with a running process */
            agentsActive: number;
            agentsIdle: number;
            agentsBusy: number;
            agentsFailed: number;
            /** @description sum over the cluster's agent processes (100 = one core) */
            cpuPercent: number;
            /** @description resident memory of the cluster's agent processes */
            memoryMb: number;
            /** Format: date-time */
            sampledAt: string;
        };
        MetricsHistory: {
            clusterId: string;
            windowMinutes: number;
            /** @description seconds each point stands for (at most about 300 points) */
            bucketSeconds: number;
            points: components["schemas"]["MetricSample"][];
        };
        Hierarchy: {
            clusterId: string;
            agentCount: number;
            roots: components["schemas"]["HierarchyNode"][];
        };
        HierarchyNode: {
            agent: components["schemas"]["Agent"];
            subordinates: components["schemas"]["HierarchyNode"][];
        };
        Task: {
            id: string;
            clusterId: string;
            parentTaskId: string | null;
            rootTaskId: string | null;
            depth: number;
            target: {
                /** @enum {string} */
                kind: "role" | "capability" | "agent" | "any";
                value: string | null;
            };
            type: string;
            payload: unknown;
            sessionKey: string | null;
            source: string;
            /** @enum {string} */
            status: "AWAITING_APPROVAL" | "PENDING" | "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
            /** @description 1 to 10, 10 the most urgent */
            priority: number;
            agentId: string | null;
            attempts: number;
            maxAttempts: number;
            /** @description runs reported for an attempt that had been given up: the work was done more than once */
            duplicateRuns: number;
            timeoutMs: number;
            result: unknown;
            error: string | null;
            usage: unknown;
            /** @description what its model calls cost in US dollars, at the model's price when it finished (null: no usage or no price) */
            costUsd: number | null;
            /** Format: date-time */
            createdAt: string;
            routedAt: string | null;
            startedAt: string | null;
            finishedAt: string | null;
            /** @description from start to finish of the last attempt */
            durationMs: number | null;
            /** @description its OpenTelemetry trace (32 hex digits) when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT); null otherwise */
            traceId: string | null;
        };
        TaskDetail: {
            id: string;
            clusterId: string;
            parentTaskId: string | null;
            rootTaskId: string | null;
            depth: number;
            target: {
                /** @enum {string} */
                kind: "role" | "capability" | "agent" | "any";
                value: string | null;
            };
            type: string;
            payload: unknown;
            sessionKey: string | null;
            source: string;
            /** @enum {string} */
            status: "AWAITING_APPROVAL" | "PENDING" | "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
            /** @description 1 to 10, 10 the most urgent */
            priority: number;
            agentId: string | null;
            attempts: number;
            maxAttempts: number;
            /** @description runs reported for an attempt that had been given up: the work was done more than once */
            duplicateRuns: number;
            timeoutMs: number;
            result: unknown;
            error: string | null;
            usage: unknown;
            /** @description what its model calls cost in US dollars, at the model's price when it finished (null: no usage or no price) */
            costUsd: number | null;
            /** Format: date-time */
            createdAt: string;
            routedAt: string | null;
            startedAt: string | null;
            finishedAt: string | null;
            /** @description from start to finish of the last attempt */
            durationMs: number | null;
            /** @description its OpenTelemetry trace (32 hex digits) when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT); null otherwise */
            traceId: string | null;
            /** @description set while its agent waits for its turn at the provider: the call has not been made yet */
            waitingFor: {
                provider: string;
                /**
                 * @description which limit it waits for: a per-minute limit, a free slot, a 429's Retry-After, or a spent budget
                 * @enum {string}
                 */
                reason: "requests" | "tokens" | "concurrency" | "retry_after" | "budget";
                /** Format: date-time */
                since: string;
            } | null;
            /** @description set when its role requires approval: who may decide, until when, and the decision once made */
            approval: components["schemas"]["ApprovalState"] | null;
        };
        ApprovalState: {
            /** @description the role whose policy holds the task */
            role: string;
            /**
             * @description who may decide: this role or a higher one
             * @constant
             */
            approverRole: "OPERATOR";
            timeoutSeconds: number;
            /** @enum {string} */
            onTimeout: "reject" | "escalate";
            /** Format: date-time */
            requestedAt: string;
            /**
             * Format: date-time
             * @description when its timeout passes: then it is rejected, or escalated once
             */
            dueAt: string;
            /** @description when the notice that it waits past its timeout was raised */
            escalatedAt: string | null;
            /** @description null while it waits */
            decision: ("approved" | "rejected" | "timed_out") | null;
            decidedBy: string | null;
            comment: string | null;
            decidedAt: string | null;
        };
        TaskTrace: {
            taskId: string;
            rootTaskId: string;
            /** @description from the root down to the task's parent (empty for a submitted task) */
            ancestors: {
                id: string;
                parentTaskId: string | null;
                depth: number;
                type: string;
                /** @description what it was asked, in one line (cut at 200 characters) */
                label: string;
                /** @enum {string} */
                status: "AWAITING_APPROVAL" | "PENDING" | "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
                agentId: string | null;
                attempts: number;
                maxAttempts: number;
                error: string | null;
                /** Format: date-time */
                createdAt: string;
                startedAt: string | null;
                finishedAt: string | null;
            }[];
            /** @description the root and its subtasks, oldest first */
            tasks: {
                id: string;
                parentTaskId: string | null;
                depth: number;
                type: string;
                /** @description what it was asked, in one line (cut at 200 characters) */
                label: string;
                /** @enum {string} */
                status: "AWAITING_APPROVAL" | "PENDING" | "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
                agentId: string | null;
                attempts: number;
                maxAttempts: number;
                error: string | null;
                /** Format: date-time */
                createdAt: string;
                startedAt: string | null;
                finishedAt: string | null;
            }[];
            /** @description true when the family has more than 500 tasks: the newest are left out */
            truncated: boolean;
            /** @description every attempt of every task listed, oldest first */
            attempts: {
                taskId: string;
                attempt: number;
                agentId: string | null;
                /** @enum {string} */
                outcome: "running" | "succeeded" | "failed" | "lost" | "cancelled" | "waiting";
                error: string | null;
                startedAt: string | null;
                finishedAt: string | null;
            }[];
            /** @description the agents the tasks and attempts name */
            agents: {
                id: string;
                name: string;
                key: string;
                removed: boolean;
            }[];
        };
        TaskCounts: {
            total: number;
            byStatus: {
                AWAITING_APPROVAL: number;
                PENDING: number;
                QUEUED: number;
                RUNNING: number;
                SUCCEEDED: number;
                FAILED: number;
                CANCELLED: number;
            };
        };
        TaskPage: {
            items: components["schemas"]["Task"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        ApprovalPage: {
            items: components["schemas"]["Approval"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        Approval: {
            task: components["schemas"]["Task"];
            clusterName: string;
            approval: components["schemas"]["ApprovalState"];
            /** @description the delegating tasks above it, the submitted one first (empty for a submitted task) */
            path: {
                taskId: string;
                type: string;
                status: string;
                /** @description the agent that ran it and delegated down */
                agentKey: string | null;
                role: string | null;
            }[];
        };
        DeadLetterPage: {
            items: components["schemas"]["DeadLetter"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        DeadLetter: {
            id: string;
            /**
             * @description task: a submitted task that failed for good (data.attempts holds every failed attempt); control: a rejected control-queue job
             * @enum {string}
             */
            kind: "task" | "control";
            clusterId: string | null;
            /** @description the task that failed, for kind task */
            taskId: string | null;
            queue: string;
            jobName: string;
            /** @description the BullMQ job, for kind control: what the producer's Queue.add returned */
            jobId: string | null;
            data: unknown;
            reason: string;
            /** Format: date-time */
            createdAt: string;
            replayedAt: string | null;
            replayTaskId: string | null;
        };
        HealingEventPage: {
            items: components["schemas"]["HealingEvent"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        HealingEvent: {
            id: string;
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            kind: "agent_crashed" | "agent_hung" | "circuit_opened" | "circuit_closed" | "node_lost" | "cpu_high" | "memory_high" | "disk_high" | "redis_down" | "redis_slow" | "database_down" | "database_slow" | "manual_heal" | "chaos_drill" | "node_fenced" | "node_drained" | "node_rebalanced" | "leader_failover";
            /** @enum {string} */
            severity: "info" | "warning" | "critical";
            subject: string;
            clusterId: string | null;
            agentId: string | null;
            nodeId: string | null;
            /** @description what was wrong */
            detail: string;
            /** @description what was done */
            action: string | null;
            /** @description auto, or the user who asked */
            actor: string;
            /** @enum {string} */
            outcome: "pending" | "ok" | "failed" | "held";
            /**
             * @description acted; reported: nothing Myzel may do; clear: nothing needed doing
             * @enum {string}
             */
            response: "acted" | "reported" | "clear";
            /** @description from detection to healed */
            durationMs: number | null;
            finishedAt: string | null;
        };
        HealingKinds: {
            /** @enum {string} */
            kind: "agent_crashed" | "agent_hung" | "circuit_opened" | "circuit_closed" | "node_lost" | "cpu_high" | "memory_high" | "disk_high" | "redis_down" | "redis_slow" | "database_down" | "database_slow" | "manual_heal" | "chaos_drill" | "node_fenced" | "node_drained" | "node_rebalanced" | "leader_failover";
            count: number;
        }[];
        HealReport: {
            dryRun: boolean;
            sample: {
                cpuPercent: number;
                memoryPercent: number;
                diskPercent: number;
                redisUp: boolean;
                redisManaged: boolean;
                databaseUp: boolean;
                redis?: {
                    /** @enum {string} */
                    status: "up" | "slow" | "down";
                    detail?: string;
                };
                database?: {
                    /** @enum {string} */
                    status: "up" | "slow" | "down";
                    detail?: string;
                };
            };
            findings: {
                kind: string;
                severity: string;
                detail: string;
                actions: string[];
                results: {
                    action: string;
                    outcome: string;
                    detail: string;
                    durationMs: number;
                }[];
            }[];
        };
        Drill: {
            id: string;
            /** @enum {string} */
            status: "preparing" | "running" | "settling" | "passed" | "failed" | "error";
            startedAt: string;
            finishedAt: string | null;
            actor: string;
            clusterId: string | null;
            options: {
                /**
                 * Format: uuid
                 * @description Drill against this running cluster; without it a drill cluster is created and destroyed afterwards.
                 */
                clusterId?: string;
                /**
                 * @description Tasks submitted, evenly over the duration.
                 * @default 10000
                 */
                tasks: number;
                /** @default 60 */
                durationSeconds: number;
                /**
                 * @description Agent processes killed with SIGKILL.
                 * @default 100
                 */
                agentKills: number;
                /**
                 * @description Agent processes stopped with SIGSTOP (a hang).
                 * @default 1
                 */
                agentHangs: number;
                /**
                 * @description Runner processes killed with SIGKILL (drill clusters only: the drill starts them).
                 * @default 2
                 */
                runnerKills: number;
                /**
                 * @description Kill the managed redis-server once.
                 * @default true
                 */
                redisRestart: boolean;
                /**
                 * @description Workers of the drill cluster.
                 * @default 24
                 */
                workers: number;
                /**
                 * @description How long each task of the drill cluster works.
                 * @default 50
                 */
                taskSleepMs: number;
                /**
                 * @description How long to wait after the last task for every task to finish.
                 * @default 120
                 */
                settleSeconds: number;
            };
            tasks: {
                submitted: number;
                /** @description recorded by Myzel (the rest were refused with an error to the caller) */
                accepted: number;
                refused: number;
                completed: number;
                failed: number;
                cancelled: number;
                unfinished: number;
                /** @description accepted but neither completed nor failed when the drill ended */
                lost: number;
                /** @description tasks whose work ran more than once (recorded as duplicate runs) */
                duplicated: number;
            };
            injected: {
                at: string;
                kind: string;
                target: string;
                detail: string;
            }[];
            recovery: {
                /** @description agent crash → replacement ready (healing history) */
                agentRestart: {
                    count: number;
                    medianMs: number | null;
                    p95Ms: number | null;
                    maxMs: number | null;
                };
                /** @description SIGSTOP → hang noticed */
                hungDetection: {
                    count: number;
                    medianMs: number | null;
                    p95Ms: number | null;
                    maxMs: number | null;
                };
                /** @description runner killed → all its agents running elsewhere */
                runnerRecovery: {
                    count: number;
                    medianMs: number | null;
                    p95Ms: number | null;
                    maxMs: number | null;
                };
                /** @description redis-server killed → restarted and reconnected */
                redisRecovery: {
                    count: number;
                    medianMs: number | null;
                    p95Ms: number | null;
                    maxMs: number | null;
                };
            };
            error: string | null;
        };
        SystemHealth: {
            /**
             * @description the worst of the checks below
             * @enum {string}
             */
            status: "ok" | "warning" | "critical";
            /** @description the node that answered */
            nodeId: string;
            /** @description whether this server's control plane leads */
            leader: boolean;
            uptimeSeconds: number;
            /** Format: date-time */
            sampledAt: string;
            thresholds: {
                cpuWarningPercent: number;
                memoryCriticalPercent: number;
                diskCriticalPercent: number;
            };
            cpu: {
                percent: number;
                /** @enum {string} */
                level: "ok" | "warning" | "critical";
            };
            memory: {
                percent: number;
                /** @enum {string} */
                level: "ok" | "warning" | "critical";
            };
            disk: {
                percent: number;
                /** @enum {string} */
                level: "ok" | "warning" | "critical";
            };
            redis: {
                /** @enum {string} */
                status: "up" | "down";
                latencyMs: number | null;
                /** @description run and restarted by Myzel */
                managed: boolean;
            };
            database: {
                /** @enum {string} */
                status: "up" | "down";
                latencyMs: number | null;
            };
        };
        ClusterFigures: {
            cluster: components["schemas"]["Cluster"];
            agents: {
                total: number;
                /** @description idle or busy */
                running: number;
                starting: number;
                failed: number;
                openCircuits: number;
            };
            tasks: {
                /** @description pending, queued or running */
                open: number;
                /** @description finished per minute over the last 5 minutes */
                perMinute: number;
                /** @description failed / finished over the last 5 minutes */
                errorRate: number | null;
            };
        };
        Actor: {
            /** @enum {string} */
            type: "user" | "token";
            id: string;
            /** @description the user's email or the token's name */
            name: string;
            /** @enum {string} */
            role: "VIEWER" | "OPERATOR" | "ADMIN";
        };
        SetupStatus: {
            needsSetup: boolean;
        };
        User: {
            id: string;
            name: string;
            email: string;
            /** @enum {string} */
            role: "VIEWER" | "OPERATOR" | "ADMIN";
            disabled: boolean;
            /** @description changes with every change an admin makes; the ETag is "v<version>" */
            version: number;
            /** Format: date-time */
            createdAt: string;
        };
        UserPage: {
            items: components["schemas"]["User"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        ApiTokenPage: {
            items: components["schemas"]["ApiToken"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        ApiToken: {
            id: string;
            name: string;
            /** @description the token's first characters */
            prefix: string;
            /** @enum {string} */
            role: "VIEWER" | "OPERATOR" | "ADMIN";
            createdBy: string | null;
            /** Format: date-time */
            createdAt: string;
            expiresAt: string | null;
            lastUsedAt: string | null;
            revokedAt: string | null;
        };
        ApiTokenCreated: {
            /** @description shown only now: store it */
            token: string;
            info: components["schemas"]["ApiToken"];
        };
        AuditEntryPage: {
            items: components["schemas"]["AuditEntry"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        AuditEntry: {
            id: string;
            /** Format: date-time */
            at: string;
            actorType: string;
            actorId: string;
            actorName: string;
            role: ("VIEWER" | "OPERATOR" | "ADMIN") | null;
            /** @description the procedure, e.g. clusters.scale */
            action: string;
            target: string | null;
            ip: string | null;
            userAgent: string | null;
            /** @description ok, or the error code */
            outcome: string;
        };
        ProducerPage: {
            items: components["schemas"]["Producer"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        Producer: {
            id: string;
            name: string;
            user: string;
            /** @description the clusters whose control queues it may add jobs to */
            clusterIds: string[];
            /** Format: date-time */
            createdAt: string;
            revokedAt: string | null;
        };
        ProducerCreated: {
            /** @description redis://user:password@host:port — shown only now: store it */
            redisUrl: string;
            info: components["schemas"]["Producer"];
        };
        AlertWebhook: {
            id: string;
            name: string;
            url: string;
            /** @enum {string} */
            format: "json" | "slack";
            topics: ("critical_healing" | "circuit_opened" | "node_lost" | "drill_finished" | "approval_overdue")[];
            /** Format: date-time */
            createdAt: string;
        };
        AlertWebhookCreated: {
            /** @description the HMAC-SHA256 key of X-Myzel-Signature — shown only now: store it */
            secret: string;
            info: components["schemas"]["AlertWebhook"];
        };
        AlertDelivery: {
            id: string;
            webhookId: string;
            /** @enum {string} */
            topic: "critical_healing" | "circuit_opened" | "node_lost" | "drill_finished" | "approval_overdue" | "test";
            title: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            attempts: number;
            /** @description the HTTP status of the last attempt, if it got one */
            responseStatus: number | null;
            error: string | null;
            /** Format: date-time */
            createdAt: string;
            lastAttemptAt: string | null;
            deliveredAt: string | null;
        };
        AlertDeliveries: {
            items: components["schemas"]["AlertDelivery"][];
        };
        Node: {
            id: string;
            hostname: string;
            /** @description the host's first non-internal IPv4 address */
            address: string | null;
            /** @description from the runner's MYZEL_NODE_LABELS */
            labels: {
                [key: string]: string;
            };
            /**
             * @description ready; cordoned (takes no new agents); draining; lost (no heartbeat)
             * @enum {string}
             */
            state: "ready" | "cordoned" | "draining" | "lost";
            /** @description agents it may run */
            capacity: number;
            /** @description agent processes alive there, by its last heartbeat */
            running: number;
            agents: {
                clusterId: string;
                clusterName: string;
                count: number;
            }[];
            /** @description host load: one-minute load average per core, in percent */
            cpuPercent: number | null;
            memoryUsedMb: number | null;
            memoryTotalMb: number | null;
            lastHeartbeatAt: string | null;
            /** Format: date-time */
            startedAt: string;
            drainingSince: string | null;
            lostAt: string | null;
            /** @description times it was lost or fenced and its agents moved elsewhere */
            failovers: number;
            /** @description the last failover: last heartbeat → agents placed elsewhere */
            lastFailoverMs: number | null;
        };
        NodeAction: {
            node: components["schemas"]["Node"];
            /** @description agents asked to move to other nodes by this action */
            moved: number;
        };
        Rebalance: {
            /** @description agents asked to move off crowded nodes */
            moved: number;
            from: {
                nodeId: string;
                agents: number;
            }[];
        };
        Backup: {
            id: string;
            /** @enum {string} */
            status: "RUNNING" | "VERIFIED" | "FAILED";
            /** @enum {string} */
            trigger: "manual" | "schedule";
            file: string | null;
            sizeBytes: number | null;
            /** @description queued, postgres, redis, blueprints, archive, verify or done */
            phase: string;
            progress: number;
            error: string | null;
            createdBy: string | null;
            startedAt: string;
            finishedAt: string | null;
            manifest: {
                /** @constant */
                format: 1;
                /** Format: uuid */
                backupId: string;
                /** Format: date-time */
                createdAt: string;
                myzelVersion: string;
                migrations: string[];
                postgres: {
                    embedded: boolean;
                    serverVersion: string;
                    dumpVersion: string;
                    baseBackup: boolean;
                };
                redis: {
                    version: string;
                    /** @enum {string} */
                    source: "bgsave" | "replication";
                };
                counts: {
                    [key: string]: number;
                };
                files: {
                    name: string;
                    sizeBytes: number;
                    sha256: string;
                }[];
            } | null;
        };
        BackupSettings: {
            folder: string;
            schedule: string | null;
            nextRunAt: string | null;
            retain: number;
            walArchiving: boolean;
            walArchiveBytes: number | null;
            walArchiveMaxBytes: number;
        };
        BackupVerification: {
            id: string;
            ok: boolean;
            problems: string[];
            checkedAt: string;
        };
        ClusterRevision: {
            revision: number;
            at: string;
            actor: string;
            reason: string;
            state: {
                name: string;
                description: string | null;
                /** @enum {string} */
                status: "PLANNING" | "SPAWNING" | "ACTIVE" | "SCALING_UP" | "SCALING_DOWN" | "HIBERNATED" | "DESTROYING" | "DESTROYED";
                blueprintRowId: string;
                minWorkers: number;
                maxWorkers: number;
                targetWorkers: number;
                roleTargets: {
                    [key: string]: number;
                };
                routingStrategy: string;
                config: unknown;
                version: number;
                deleted: boolean;
            };
            changes: {
                field: string;
                before: unknown;
                after: unknown;
            }[];
        };
        MemoryNamespacePage: {
            items: components["schemas"]["MemoryNamespace"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        MemoryNamespace: {
            id: string;
            name: string;
            /** @description the cluster it belongs to; null for a global namespace */
            clusterId: string | null;
            /**
             * @description the full-text search configuration of its documents
             * @enum {string}
             */
            language: "simple" | "arabic" | "armenian" | "basque" | "catalan" | "danish" | "dutch" | "english" | "finnish" | "french" | "german" | "greek" | "hindi" | "hungarian" | "indonesian" | "irish" | "italian" | "lithuanian" | "nepali" | "norwegian" | "portuguese" | "romanian" | "russian" | "serbian" | "spanish" | "swedish" | "tamil" | "turkish" | "yiddish";
            values: number;
            documents: number;
            /** Format: date-time */
            createdAt: string;
            /** @description set when its cluster was destroyed; it is purged at purgeAfter */
            archivedAt: string | null;
            purgeAfter: string | null;
        };
        MemoryValueList: {
            items: components["schemas"]["MemoryValue"][];
            nextAfter: string | null;
        };
        MemoryValue: {
            key: string;
            value: components["schemas"]["JsonValue"];
            /** @description 1 for a new key; one more with every write */
            version: number;
            expiresAt: string | null;
            /** Format: date-time */
            updatedAt: string;
            /** @description user:<email>, token:<name> or agent:<key> */
            updatedBy: string;
        };
        MemoryDeleted: {
            deleted: boolean;
        };
        MemoryDocumentPage: {
            items: components["schemas"]["MemoryDocument"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        MemoryDocument: {
            id: string;
            namespaceId: string;
            title: string;
            text: string;
            metadata: components["schemas"]["MemoryMetadata"];
            tags: string[];
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
        };
        MemorySearchResult: {
            hits: components["schemas"]["MemorySearchHit"][];
            /** @description whether pg_trgm similarity was used */
            trigram: boolean;
        };
        MemorySearchHit: {
            document: components["schemas"]["MemoryDocument"];
            /** @description 0..1: 0.7 × full-text rank (relative to the best) + 0.3 × similarity */
            score: number;
            /** @description 0..1: its full-text rank relative to the best hit's */
            fullText: number;
            /** @description 0..1: trigram similarity of the closest of its words to a word of the query (1: the word itself) */
            similarity: number;
        };
        MemoryExport: {
            /** @description one JSON object a line: values, then documents */
            jsonl: string;
        };
        MemoryImportResult: {
            values: number;
            documents: number;
        };
        AgentMemoryGrants: {
            agent: string;
            home: string;
            read: string[];
            write: string[];
        };
        ProviderWithUsage: {
            name: string;
            baseUrl: string;
            apiKeyEnv: string | null;
            limits: {
                requestsPerMinute: number | null;
                tokensPerMinute: number | null;
                concurrentRequests: number | null;
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description null when Redis could not be read */
            usage: components["schemas"]["ProviderUsage"] | null;
        };
        ProviderUsage: {
            /** @description calls admitted since the limiter's state began */
            requests: number;
            /** @description tokens taken (estimates corrected with the usage) */
            tokens: number;
            /** @description calls that had to wait their turn */
            throttled: number;
            /** @description calls the provider answered 429 */
            rejected: number;
            /** @description calls holding a concurrency slot now */
            inFlight: number;
            waiting: {
                taskId: string;
                reason: string;
                /** Format: date-time */
                since: string;
            }[];
            /** @description a 429's Retry-After pauses the whole provider until then */
            pausedUntil: string | null;
            /** @description share of the request burst in use now, 0..1 */
            requestsUsed: number;
            /** @description share of the token burst in use now, 0..1 */
            tokensUsed: number;
        };
        Provider: {
            name: string;
            baseUrl: string;
            apiKeyEnv: string | null;
            limits: {
                requestsPerMinute: number | null;
                tokensPerMinute: number | null;
                concurrentRequests: number | null;
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ModelPrice: {
            model: string;
            inputPerMillion: number;
            outputPerMillion: number;
            /** Format: date-time */
            updatedAt: string;
        };
        CostSummary: {
            /** @enum {string} */
            by: "cluster" | "role" | "agent" | "day";
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            total: {
                /** @description US dollars */
                costUsd: number;
                /** @description priced tasks */
                tasks: number;
                promptTokens: number;
                completionTokens: number;
            };
            /** @description costliest first (by day: newest first) */
            items: components["schemas"]["CostGroup"][];
        };
        CostGroup: {
            /** @description the cluster id, role name, agent id or day (YYYY-MM-DD, UTC) */
            key: string;
            /** @description what to show: the cluster's name, the role, the agent's key, or the day */
            label: string;
            clusterId: string | null;
            /** @description US dollars */
            costUsd: number;
            /** @description priced tasks */
            tasks: number;
            promptTokens: number;
            completionTokens: number;
        };
        BudgetList: {
            items: components["schemas"]["Budget"][];
            /** @description with clusterId: whether its provider calls are held now, and why */
            cluster: {
                held: boolean;
                soft: boolean;
                reason: string | null;
            } | null;
        };
        Budget: {
            scope: string;
            clusterId: string | null;
            /** @enum {string} */
            period: "day" | "month";
            softUsd: number | null;
            hardUsd: number | null;
            /** @description spent in the current period */
            spentUsd: number;
            /** Format: date-time */
            periodEnd: string;
            /** @description the soft limit is reached */
            soft: boolean;
            /** @description the hard limit is reached: provider calls are held, tasks wait */
            hold: boolean;
            /** @description an operator resumed: nothing is held until then */
            resumedUntil: string | null;
        };
        PlannerStatus: {
            /**
             * @description what a plan uses now: the configured model, or the shipped templates
             * @enum {string}
             */
            mode: "model" | "template";
            model: string | null;
            /** @description the shipped templates' ids */
            templates: string[];
        };
        PlannerProposal: {
            /**
             * @description model: proposed by the configured model; template: no endpoint is configured, so a shipped template was adapted
             * @enum {string}
             */
            mode: "model" | "template";
            /** @description why this blueprint fits the goal, and how it was made */
            explanation: string;
            /** @description the proposed blueprint as YAML: review, edit, and upload it to apply it */
            yaml: string;
            /** @description the proposal's manifest (Markdown) */
            manifest: string;
            /** @description metadata.id of the proposal, not yet used by any stored blueprint */
            blueprintId: string;
            /** @description the template adapted (template mode) */
            template: string | null;
            model: string | null;
            /** @description answers the model gave (0 in template mode) */
            attempts: number;
            usage: {
                promptTokens: number;
                completionTokens: number;
            };
        };
        PlannerCallPage: {
            items: components["schemas"]["PlannerCall"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        PlannerCall: {
            id: string;
            /** Format: date-time */
            at: string;
            actorName: string;
            goal: string;
            /** @enum {string} */
            mode: "model" | "template";
            model: string | null;
            blueprintId: string | null;
            attempts: number;
            promptTokens: number;
            completionTokens: number;
            /** @enum {string} */
            outcome: "proposed" | "invalid" | "failed";
            detail: string | null;
            durationMs: number;
        };
        Schedule: {
            id: string;
            clusterId: string;
            name: string;
            cron: string;
            timezone: string;
            /** @description the task each run submits, as a task submission (target, type, payload, priority…) */
            task: {
                /** @description send to an agent of this role */
                role?: string;
                /** @description send to an agent with this capability */
                capability?: string;
                /**
                 * Format: uuid
                 * @description send to this agent
                 */
                agentId?: string;
                /** @default task */
                type: string;
                /**
                 * @description any JSON; a string or { prompt } is what tools and models are asked
                 * @default null
                 */
                payload: unknown;
                /** @description tasks with the same key go to the same agent (sticky routing) */
                sessionKey?: string;
                timeoutMs?: number;
                maxAttempts?: number;
                /** @description 1 to 10, 10 the most urgent (default 5): waiting tasks go to agents most urgent first, then oldest first */
                priority?: number;
            };
            enabled: boolean;
            /** @enum {string} */
            missedRuns: "skip" | "run_once" | "run_all";
            /** @description the next planned time (null while disabled) */
            nextRunAt: string | null;
            /**
             * Format: date-time
             * @description the newest planned time already run or skipped
             */
            lastPlannedAt: string;
            /** @description its five newest runs, newest first */
            recentRuns: components["schemas"]["ScheduleRun"][];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ScheduleRun: {
            id: string;
            scheduleId: string;
            /**
             * Format: date-time
             * @description the time the expression named
             */
            plannedAt: string;
            /**
             * Format: date-time
             * @description when the server acted on it
             */
            firedAt: string;
            /**
             * @description submitted: a task was submitted; skipped: missed and left out, or the cluster takes no tasks; failed: the submission was refused
             * @enum {string}
             */
            outcome: "submitted" | "skipped" | "failed";
            reason: string | null;
            /** @description the task this run submitted */
            taskId: string | null;
            taskStatus: ("AWAITING_APPROVAL" | "PENDING" | "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED") | null;
        };
        ScheduleRunPage: {
            items: components["schemas"]["ScheduleRun"][];
            /** @description rows that match the filters, on every page */
            total: number;
            limit: number;
            /** @description the cursor of the next (older) page; null on the last page */
            nextCursor: string | null;
            /** @description the cursor of the page before (newer rows); null on the first page */
            prevCursor: string | null;
        };
        Problem: {
            /** @description `about:blank`: the status code says what kind of problem this is */
            type: string;
            /** @description the HTTP status phrase, e.g. `Not Found` */
            title: string;
            /** @description the HTTP status code, repeated for convenience */
            status: number;
            /** @description what went wrong, for people */
            detail: string;
            /** @description what went wrong, for programs: `NOT_FOUND`, `CONFLICT`, `PRECONDITION_FAILED`, … */
            code: string;
            /** @description each input that was wrong, where and why */
            issues?: components["schemas"]["Issue"][];
        } & {
            [key: string]: unknown;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "blueprints-list": {
        parameters: {
            query?: {
                includeArchived?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BlueprintSummary"][];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "blueprints-upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the blueprint as YAML */
                    yaml?: string;
                    /** @description a manifest: Markdown whose front matter (between the first two '---' lines) is the blueprint */
                    manifest?: string;
                };
                "application/yaml": string;
                "text/markdown": string;
            };
        };
        responses: {
            /** @description Nothing new was created (`created: false`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BlueprintUploadResult"];
                };
            };
            /** @description Created. */
            201: {
                headers: {
                    /** @description the path of what was created */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BlueprintUploadResult"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This metadata.version exists already with different content: raise the version to publish a change. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json or application/yaml or text/markdown. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The blueprint is not valid: `issues` points at each problem, with its line and column in the YAML. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "blueprints-get": {
        parameters: {
            query?: {
                version?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Blueprint"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No blueprint with this id, or it has no such version. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "blueprints-delete": {
        parameters: {
            query?: {
                version?: string;
            };
            header?: never;
            path: {
                /** @description metadata.id of the blueprint */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @description the versions the request acted on, newest first, as they are now */
                        versions: {
                            version: string;
                            archivedAt: string | null;
                            deletedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No blueprint with this id, or it has no such version. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A cluster that is not deleted uses a version this would delete: `issues` names each. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "blueprints-manifest": {
        parameters: {
            query?: {
                version?: string;
            };
            header?: never;
            path: {
                /** @description metadata.id of the blueprint */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Manifest"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No blueprint with this id, or it has no such version. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "blueprints-validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the blueprint as YAML */
                    yaml?: string;
                    /** @description a manifest: Markdown whose front matter (between the first two '---' lines) is the blueprint */
                    manifest?: string;
                };
                "application/yaml": string;
                "text/markdown": string;
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BlueprintValidation"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json or application/yaml or text/markdown. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "blueprints-archive": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description metadata.id of the blueprint */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one version; without it, every version */
                    version?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @description the versions the request acted on, newest first, as they are now */
                        versions: {
                            version: string;
                            archivedAt: string | null;
                            deletedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "blueprints-unarchive": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description metadata.id of the blueprint */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one version; without it, every version */
                    version?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @description the versions the request acted on, newest first, as they are now */
                        versions: {
                            version: string;
                            archivedAt: string | null;
                            deletedAt: string | null;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusters-list": {
        parameters: {
            query?: {
                status?: "PLANNING" | "SPAWNING" | "ACTIVE" | "SCALING_UP" | "SCALING_DOWN" | "HIBERNATED" | "DESTROYING" | "DESTROYED";
                type?: "department" | "project" | "temporary" | "persistent";
                blueprintId?: string;
                search?: string;
                includeDeleted?: boolean;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClusterPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusters-create": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any 1–255 printable characters, unique per request you mean: the same key and body from the same caller within 24 h replay the first answer (marked `Idempotent-Replayed: true`) instead of doing it again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description metadata.id of a stored blueprint */
                    blueprintId: string;
                    /** @description defaults to the newest version that is not archived */
                    blueprintVersion?: string;
                    name: string;
                    description?: string;
                    /**
                     * @description defaults to the blueprint's cluster.type
                     * @enum {string}
                     */
                    type?: "department" | "project" | "temporary" | "persistent";
                    /** @description defaults to the smallest size the blueprint allows */
                    targetWorkers?: number;
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    /** @description the path of what was created */
                    Location?: string;
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    /** @description `true` when this is the answer to an earlier request with the same Idempotency-Key */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No blueprint with this id (or version). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A cluster with this name exists, the blueprint version is archived, or the cluster limit (MYZEL_MAX_CLUSTERS) is reached. Or: a request with the same Idempotency-Key is still being answered (see Retry-After). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `targetWorkers` is outside the bounds the blueprint allows. Or: the Idempotency-Key was used before with another body. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusters-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusters-update": {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the resource is still at this version: its ETag (e.g. `"v3"`), or `*`. */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string | null;
                    /** @enum {string} */
                    routingStrategy?: "round-robin" | "least-busy" | "sticky" | "weighted";
                    minWorkers?: number;
                    maxWorkers?: number;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster is deleted, the name is taken, or it changed while this request ran (try again). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: nothing was changed; GET it again. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The worker bounds contradict each other or the blueprint. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusters-delete": {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the resource is still at this version: its ETag (e.g. `"v3"`), or `*`. */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster cannot be deleted from its current status. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: nothing was changed; GET it again. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusters-manifest": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Manifest"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No cluster with this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusters-scale": {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the resource is still at this version: its ETag (e.g. `"v3"`), or `*`. */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the planned agents in total; roles keep what they have where they can */
                    targetWorkers?: number;
                    /** @description agents for the roles named, e.g. { "analyst": 2 }; roles left out keep their count */
                    roles?: {
                        [key: string]: number;
                    };
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster is not ACTIVE (hibernated, provisioning, deleted…): it cannot be scaled now. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: nothing was changed; GET it again. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The size is outside the blueprint's bounds, or a role may not have that many agents. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusters-hibernate": {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the resource is still at this version: its ETag (e.g. `"v3"`), or `*`. */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster cannot hibernate from its current status. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: nothing was changed; GET it again. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusters-wait": {
        parameters: {
            query: {
                /** @description one status or several; answers as soon as the cluster is in one of them */
                status: ("PLANNING" | "SPAWNING" | "ACTIVE" | "SCALING_UP" | "SCALING_DOWN" | "HIBERNATED" | "DESTROYING" | "DESTROYED") | ("PLANNING" | "SPAWNING" | "ACTIVE" | "SCALING_UP" | "SCALING_DOWN" | "HIBERNATED" | "DESTROYING" | "DESTROYED")[];
                timeoutMs?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        description: string | null;
                        /** @enum {string} */
                        type: "department" | "project" | "temporary" | "persistent";
                        /** @enum {string} */
                        status: "PLANNING" | "SPAWNING" | "ACTIVE" | "SCALING_UP" | "SCALING_DOWN" | "HIBERNATED" | "DESTROYING" | "DESTROYED";
                        blueprintId: string;
                        blueprintVersion: string;
                        minWorkers: number;
                        maxWorkers: number;
                        /** @description planned agents (those added by hand not counted); the cluster runs them when awake */
                        targetWorkers: number;
                        /** @description agents whose process runs now and takes tasks; 0 while hibernated */
                        currentWorkers: number;
                        /** @description planned agents per role; they add up to targetWorkers */
                        roleTargets: {
                            [key: string]: number;
                        };
                        /** @enum {string} */
                        routingStrategy: "round-robin" | "least-busy" | "sticky" | "weighted";
                        /** @description lifecycle events possible in the current status */
                        allowedActions: string[];
                        /** Format: date-time */
                        statusChangedAt: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        deletedAt: string | null;
                        /** @description the version of the desired state (configuration, targets, requested lifecycle), not of the agents' live statuses; the ETag is "v<version>" */
                        version: number;
                        /** @description true when the wait ended before the cluster reached a status asked for: the cluster is as it was then */
                        timedOut: boolean;
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusters-reactivate": {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the resource is still at this version: its ETag (e.g. `"v3"`), or `*`. */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster is not hibernated. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: nothing was changed; GET it again. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusters-scalingDecisions": {
        parameters: {
            query?: {
                changesOnly?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScalingDecisions"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agents-list": {
        parameters: {
            query?: {
                role?: string;
                status?: "PENDING" | "STARTING" | "IDLE" | "BUSY" | "FAILED" | "STOPPED";
                includeRemoved?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"][];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agents-add": {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the resource is still at this version: its ETag (e.g. `"v3"`), or `*`. */
                "If-Match"?: string;
            };
            path: {
                /** @description the cluster */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a role of the cluster's blueprint */
                    role: string;
                    name?: string;
                    /**
                     * Format: uuid
                     * @description the manager; defaults to the least-loaded agent of the role's reports_to
                     */
                    reportsToId?: string;
                    capabilities?: string[];
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster is not ACTIVE, the role is at its maximum, or the role's manager has no active agent. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: nothing was changed; GET it again. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The role is not in the blueprint, or the manager is unknown or ranks below the new agent. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agents-output": {
        parameters: {
            query?: {
                after?: string;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description the cluster */
                id: string;
                agentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentOutput"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agents-restart": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the cluster */
                id: string;
                agentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentActionResult"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent is not running, was removed, or is already restarting. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agents-remove": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the cluster */
                id: string;
                agentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentActionResult"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent is one of the blueprint's planned agents. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agents-metrics": {
        parameters: {
            query?: {
                since?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClusterMetrics"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agents-metricsHistory": {
        parameters: {
            query?: {
                windowMinutes?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsHistory"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "hierarchy-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hierarchy"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tasks-submit": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any 1–255 printable characters, unique per request you mean: the same key and body from the same caller within 24 h replay the first answer (marked `Idempotent-Replayed: true`) instead of doing it again. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description the cluster */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description wait up to this long for the result before answering */
                    waitMs?: number;
                    /** @description send to an agent of this role */
                    role?: string;
                    /** @description send to an agent with this capability */
                    capability?: string;
                    /**
                     * Format: uuid
                     * @description send to this agent
                     */
                    agentId?: string;
                    /** @default task */
                    type?: string;
                    /**
                     * @description any JSON; a string or { prompt } is what tools and models are asked
                     * @default null
                     */
                    payload?: unknown;
                    /** @description tasks with the same key go to the same agent (sticky routing) */
                    sessionKey?: string;
                    timeoutMs?: number;
                    maxAttempts?: number;
                    /** @description 1 to 10, 10 the most urgent (default 5): waiting tasks go to agents most urgent first, then oldest first */
                    priority?: number;
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    /** @description the path of what was created */
                    Location?: string;
                    /** @description `true` when this is the answer to an earlier request with the same Idempotency-Key */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster is deleted or being deleted: it takes no tasks. Or: a request with the same Idempotency-Key is still being answered (see Retry-After). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No agent of the cluster has the role or capability asked for, or the agent named is not an active agent of this cluster. Or: the Idempotency-Key was used before with another body. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tasks-submitMany": {
        parameters: {
            query?: never;
            header?: {
                /** @description Any 1–255 printable characters, unique per request you mean: the same key and body from the same caller within 24 h replay the first answer (marked `Idempotent-Replayed: true`) instead of doing it again. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description the cluster */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    tasks: {
                        /** @description send to an agent of this role */
                        role?: string;
                        /** @description send to an agent with this capability */
                        capability?: string;
                        /**
                         * Format: uuid
                         * @description send to this agent
                         */
                        agentId?: string;
                        /** @default task */
                        type?: string;
                        /**
                         * @description any JSON; a string or { prompt } is what tools and models are asked
                         * @default null
                         */
                        payload?: unknown;
                        /** @description tasks with the same key go to the same agent (sticky routing) */
                        sessionKey?: string;
                        timeoutMs?: number;
                        maxAttempts?: number;
                        /** @description 1 to 10, 10 the most urgent (default 5): waiting tasks go to agents most urgent first, then oldest first */
                        priority?: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    /** @description `true` when this is the answer to an earlier request with the same Idempotency-Key */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        taskIds: string[];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster is deleted or being deleted: it takes no tasks. Or: a request with the same Idempotency-Key is still being answered (see Retry-After). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description One of the tasks names a role, capability or agent the cluster does not have (`issues` says which). Or: the Idempotency-Key was used before with another body. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tasks-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDetail"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tasks-trace": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskTrace"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tasks-counts": {
        parameters: {
            query?: {
                clusterId?: string;
                rootsOnly?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskCounts"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tasks-list": {
        parameters: {
            query?: {
                clusterId?: string;
                status?: "AWAITING_APPROVAL" | "PENDING" | "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
                agentId?: string;
                type?: string;
                rootTaskId?: string;
                search?: string;
                rootsOnly?: boolean;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tasks-wait": {
        parameters: {
            query?: {
                timeoutMs?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        clusterId: string;
                        parentTaskId: string | null;
                        rootTaskId: string | null;
                        depth: number;
                        target: {
                            /** @enum {string} */
                            kind: "role" | "capability" | "agent" | "any";
                            value: string | null;
                        };
                        type: string;
                        payload: unknown;
                        sessionKey: string | null;
                        source: string;
                        /** @enum {string} */
                        status: "AWAITING_APPROVAL" | "PENDING" | "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
                        /** @description 1 to 10, 10 the most urgent */
                        priority: number;
                        agentId: string | null;
                        attempts: number;
                        maxAttempts: number;
                        /** @description runs reported for an attempt that had been given up: the work was done more than once */
                        duplicateRuns: number;
                        timeoutMs: number;
                        result: unknown;
                        error: string | null;
                        usage: unknown;
                        /** @description what its model calls cost in US dollars, at the model's price when it finished (null: no usage or no price) */
                        costUsd: number | null;
                        /** Format: date-time */
                        createdAt: string;
                        routedAt: string | null;
                        startedAt: string | null;
                        finishedAt: string | null;
                        /** @description from start to finish of the last attempt */
                        durationMs: number | null;
                        /** @description its OpenTelemetry trace (32 hex digits) when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT); null otherwise */
                        traceId: string | null;
                        /** @description true when the wait ended before the task finished: the task is as it was then */
                        timedOut: boolean;
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tasks-cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The task has already finished. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "approvals-list": {
        parameters: {
            query?: {
                clusterId?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "approvals-approve": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the task */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description why (optional) */
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The task no longer waits for approval: it was decided, timed out or cancelled. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "approvals-reject": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the task */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description why; the task fails with it */
                    comment: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The task no longer waits for approval: it was decided, timed out or cancelled. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "deadLetters-list": {
        parameters: {
            query?: {
                clusterId?: string;
                taskId?: string;
                kind?: "task" | "control";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetterPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "deadLetters-replay": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deadLetter: components["schemas"]["DeadLetter"];
                        result: unknown;
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The dead letter was already replayed. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The dead letter names no cluster, or its work is refused again (the cluster takes no tasks). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "healing-history": {
        parameters: {
            query?: {
                clusterId?: string;
                agentId?: string;
                kind?: "agent_crashed" | "agent_hung" | "circuit_opened" | "circuit_closed" | "node_lost" | "cpu_high" | "memory_high" | "disk_high" | "redis_down" | "redis_slow" | "database_down" | "database_slow" | "manual_heal" | "chaos_drill" | "node_fenced" | "node_drained" | "node_rebalanced" | "leader_failover";
                since?: string;
                outcome?: "pending" | "ok" | "failed" | "held";
                severity?: "info" | "warning" | "critical";
                actor?: "auto" | "person";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealingEventPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "healing-kinds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealingKinds"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "healing-heal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description only say what would be done
                     * @default false
                     */
                    dryRun?: boolean;
                    /**
                     * Format: uuid
                     * @description heal this cluster's agents and tasks instead of the infrastructure
                     */
                    clusterId?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealReport"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No cluster with this `clusterId`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "drills-start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description Drill against this running cluster; without it a drill cluster is created and destroyed afterwards.
                     */
                    clusterId?: string;
                    /**
                     * @description Tasks submitted, evenly over the duration.
                     * @default 10000
                     */
                    tasks?: number;
                    /** @default 60 */
                    durationSeconds?: number;
                    /**
                     * @description Agent processes killed with SIGKILL.
                     * @default 100
                     */
                    agentKills?: number;
                    /**
                     * @description Agent processes stopped with SIGSTOP (a hang).
                     * @default 1
                     */
                    agentHangs?: number;
                    /**
                     * @description Runner processes killed with SIGKILL (drill clusters only: the drill starts them).
                     * @default 2
                     */
                    runnerKills?: number;
                    /**
                     * @description Kill the managed redis-server once.
                     * @default true
                     */
                    redisRestart?: boolean;
                    /**
                     * @description Workers of the drill cluster.
                     * @default 24
                     */
                    workers?: number;
                    /**
                     * @description How long each task of the drill cluster works.
                     * @default 50
                     */
                    taskSleepMs?: number;
                    /**
                     * @description How long to wait after the last task for every task to finish.
                     * @default 120
                     */
                    settleSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    /** @description the path of what was created */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Drill"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A drill is already running. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "drills-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Drill"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "system-health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemHealth"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "system-overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClusterFigures"][];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "session-me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Actor"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "setup-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetupStatus"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "setup-createAdmin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** Format: email */
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    /** @description the path of what was created */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request came from another site (its Origin or Sec-Fetch-Site header names one). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Myzel is already set up. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many attempts from this address; try again after the time in `detail`. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users-list": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** Format: email */
                    email: string;
                    password: string;
                    /** @enum {string} */
                    role: "VIEWER" | "OPERATOR" | "ADMIN";
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    /** @description the path of what was created */
                    Location?: string;
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user with this email exists already. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users-setRole": {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the resource is still at this version: its ETag (e.g. `"v3"`), or `*`. */
                "If-Match"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "VIEWER" | "OPERATOR" | "ADMIN";
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This would leave no active admin. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: nothing was changed; GET it again. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users-setDisabled": {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the resource is still at this version: its ETag (e.g. `"v3"`), or `*`. */
                "If-Match"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    disabled: boolean;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description You cannot disable yourself, and the last active admin cannot be disabled. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: nothing was changed; GET it again. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "users-delete": {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the resource is still at this version: its ETag (e.g. `"v3"`), or `*`. */
                "If-Match"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description the version of the resource, e.g. `"v3"`, for `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description You cannot delete yourself, and the last active admin cannot be deleted. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `If-Match` names a version that is no longer current: nothing was changed; GET it again. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tokens-list": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiTokenPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tokens-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @enum {string} */
                    role: "VIEWER" | "OPERATOR" | "ADMIN";
                    /**
                     * Format: date-time
                     * @description when the token stops working; none: never
                     */
                    expiresAt?: string;
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiTokenCreated"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tokens-revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "audit-list": {
        parameters: {
            query?: {
                actorId?: string;
                action?: string;
                target?: string;
                since?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEntryPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "producers-list": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProducerPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "producers-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description clusters whose control queues it may add jobs to */
                    clusterIds: string[];
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProducerCreated"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description One of the clusters does not exist (`issues` says which). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Myzel's own Redis user may not create ACL users, which producers need. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "producers-revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                producerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Producer"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compat-status": {
        parameters: {
            query?: {
                clusterId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cluster_id: string;
                        name: string;
                        /** @description Myzel's cluster status: ACTIVE, HIBERNATED, … */
                        status: string;
                        /** @description the cluster is ACTIVE: its agents run and take tasks */
                        running: boolean;
                        /** @description agents of the cluster */
                        total_workers: number;
                        /** @description agents running now (idle or busy) */
                        healthy_workers: number;
                        workers: {
                            /** @description the agent's key, e.g. worker-2 */
                            worker_id: string;
                            /** @description the agent's role */
                            agent_type: string;
                            status: string;
                            pid: number | null;
                            restarts: number;
                        }[];
                        /** @description the cluster as GET /api/clusters/{id} answers */
                        cluster: components["schemas"]["Cluster"];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No cluster with this `clusterId`, or none exists at all. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Several clusters exist and no `clusterId` says which one. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compat-submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description the cluster; may be left out while exactly one cluster exists (as in the original design)
                     */
                    clusterId?: string;
                    /** @description the role to send the task to; any agent when left out */
                    agent_type?: string;
                    /** @description what to do: the task's prompt */
                    description: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        task_id: string;
                        /** @enum {string} */
                        status: "AWAITING_APPROVAL" | "PENDING" | "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
                        /** @description the role it was sent to; null when any agent may take it */
                        agent_type: string | null;
                        result: unknown;
                        error: string | null;
                        /** @description the task as GET /api/tasks/{id} answers */
                        task: components["schemas"]["Task"];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No cluster with this `clusterId`, or none exists at all. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Several clusters exist and no `clusterId` says which one. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compat-task": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description task_id from the submit answer */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        task_id: string;
                        /** @enum {string} */
                        status: "AWAITING_APPROVAL" | "PENDING" | "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
                        /** @description the role it was sent to; null when any agent may take it */
                        agent_type: string | null;
                        result: unknown;
                        error: string | null;
                        /** @description the task as GET /api/tasks/{id} answers */
                        task: components["schemas"]["Task"];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No cluster with this `clusterId`, or none exists at all. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Several clusters exist and no `clusterId` says which one. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compat-liveAgents": {
        parameters: {
            query?: {
                clusterId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cluster_id: string;
                        total: number;
                        agents: {
                            /** @description the agent's key, e.g. worker-2 */
                            worker_id: string;
                            /** @description the agent's role */
                            agent_type: string;
                            status: string;
                            pid: number | null;
                            restarts: number;
                            tasks_completed: number;
                            /** @description tasks that failed on it */
                            errors: number;
                            /** @description seconds since it started; 0 while not running */
                            uptime: number;
                            /** @description its heartbeat is fresh */
                            alive: boolean;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No cluster with this `clusterId`, or none exists at all. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Several clusters exist and no `clusterId` says which one. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compat-heal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description heal this cluster's agents and tasks instead of the infrastructure
                     */
                    clusterId?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealReport"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No cluster with this `clusterId`, or none exists at all. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Several clusters exist and no `clusterId` says which one. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compat-healingHistory": {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        total: number;
                        history: components["schemas"]["HealingEvent"][];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No cluster with this `clusterId`, or none exists at all. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Several clusters exist and no `clusterId` says which one. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "compat-metrics": {
        parameters: {
            query?: {
                clusterId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cluster_id: string;
                        /** @description CPU, memory, disk, Redis and PostgreSQL (GET /api/system/health) */
                        system: components["schemas"]["SystemHealth"];
                        /** @description per agent (GET /api/clusters/{id}/metrics, perAgent) */
                        workers: components["schemas"]["AgentMetrics"][];
                        /** @description per role of the blueprint, now: a role at 0 agents with tasks waiting needs scaling (auto-scaling does it when on) */
                        roles: components["schemas"]["RoleFigures"][];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No cluster with this `clusterId`, or none exists at all. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Several clusters exist and no `clusterId` says which one. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "sessions-list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        turns: number;
                        firstAt: string | null;
                        lastAt: string | null;
                        live: {
                            key: string;
                            pid: number | null;
                            /** @enum {string} */
                            state: "idle" | "busy" | "lost";
                            turns: number;
                            lostReason?: string;
                            agentId: string;
                            agentKey: string;
                            /** Format: date-time */
                            startedAt: string;
                            /** Format: date-time */
                            lastUsedAt: string;
                        }[];
                    }[];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "sessions-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        turns: number;
                        firstAt: string | null;
                        lastAt: string | null;
                        live: {
                            key: string;
                            pid: number | null;
                            /** @enum {string} */
                            state: "idle" | "busy" | "lost";
                            turns: number;
                            lostReason?: string;
                            agentId: string;
                            agentKey: string;
                            /** Format: date-time */
                            startedAt: string;
                            /** Format: date-time */
                            lastUsedAt: string;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster or the session does not exist. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "sessions-end": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        messagesDeleted: number;
                        agentsTold: number;
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster does not exist. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "sessions-history": {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        messages: {
                            id: string;
                            /** @enum {string} */
                            role: "user" | "assistant";
                            content: string;
                            taskId: string | null;
                            agentId: string | null;
                            agentRole: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster does not exist. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "alertWebhooks-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AlertWebhook"][];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "alertWebhooks-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** Format: uri */
                    url: string;
                    /**
                     * @description json: Myzel's alert object; slack: Slack's incoming-webhook format
                     * @default json
                     * @enum {string}
                     */
                    format?: "json" | "slack";
                    /**
                     * @description what it is sent: critical_healing, circuit_opened, node_lost, drill_finished (default: all)
                     * @default [
                     *       "critical_healing",
                     *       "circuit_opened",
                     *       "node_lost",
                     *       "drill_finished",
                     *       "approval_overdue"
                     *     ]
                     */
                    topics?: ("critical_healing" | "circuit_opened" | "node_lost" | "drill_finished" | "approval_overdue")[];
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertWebhookCreated"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "alertWebhooks-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertWebhook"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No alert webhook has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "alertWebhooks-test": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDelivery"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No alert webhook has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "alertWebhooks-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDeliveries"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No alert webhook has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "nodes-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Node"][];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "nodes-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id (its runner's MYZEL_NODE_ID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Node"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No node with this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "nodes-remove": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id (its runner's MYZEL_NODE_ID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Node"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No node with this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The node still sends heartbeats. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "nodes-cordon": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id (its runner's MYZEL_NODE_ID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NodeAction"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No node with this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "nodes-uncordon": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id (its runner's MYZEL_NODE_ID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NodeAction"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No node with this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "nodes-drain": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id (its runner's MYZEL_NODE_ID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NodeAction"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No node with this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The node is lost: its agents have already moved. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "nodes-rebalance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rebalance"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "backups-list": {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Backup"][];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "backups-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    /** @description the path of what was created */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Backup"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A backup is already running. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "backups-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupSettings"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "backups-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Backup"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "backups-verify": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupVerification"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The backup is still being written. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusterHistory-list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ClusterRevision"][];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such cluster. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "clusterHistory-rollback": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The revision whose size and settings the cluster returns to. */
                    revision: number;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cluster"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such cluster, or no such revision. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The revision cannot apply now: the cluster is destroyed or changing, the revision ran another blueprint version, or the cluster is hibernated and the size differs. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-namespaces": {
        parameters: {
            query?: {
                clusterId?: string;
                global?: boolean;
                includeArchived?: boolean;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryNamespacePage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-createNamespace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description the cluster it belongs to; absent: a global namespace
                     */
                    clusterId?: string;
                    name: string;
                    /**
                     * @default english
                     * @enum {string}
                     */
                    language?: "simple" | "arabic" | "armenian" | "basque" | "catalan" | "danish" | "dutch" | "english" | "finnish" | "french" | "german" | "greek" | "hindi" | "hungarian" | "indonesian" | "irish" | "italian" | "lithuanian" | "nepali" | "norwegian" | "portuguese" | "romanian" | "russian" | "serbian" | "spanish" | "swedish" | "tamil" | "turkish" | "yiddish";
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryNamespace"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such cluster (or it is deleted). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A namespace of that name exists in that scope. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-namespace": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                namespaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryNamespace"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-deleteNamespace": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                namespaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryNamespace"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-values": {
        parameters: {
            query?: {
                prefix?: string;
                limit?: number;
                after?: string;
            };
            header?: never;
            path: {
                namespaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryValueList"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-getValue": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                namespaceId: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryValue"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-putValue": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                namespaceId: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    value: components["schemas"]["JsonValue"];
                    /** @description compare-and-set: write only if the key is still at this version (0: only if it does not exist) */
                    expectedVersion?: number;
                    /** @description the value expires after this many seconds */
                    ttlSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryValue"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description expectedVersion is not the current version (the problem's `issues` names the current one), or the namespace is archived. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The value's JSON is larger than MYZEL_MEMORY_MAX_VALUE_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-deleteValue": {
        parameters: {
            query?: {
                expectedVersion?: number;
            };
            header?: never;
            path: {
                namespaceId: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryDeleted"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description expectedVersion is not the current version (the problem's `issues` names the current one), or the namespace is archived. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-documents": {
        parameters: {
            query?: {
                tag?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                namespaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryDocumentPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-createDocument": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                namespaceId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default  */
                    title?: string;
                    text: string;
                    /** @default {} */
                    metadata?: components["schemas"]["MemoryMetadata"];
                    /** @default [] */
                    tags?: string[];
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryDocument"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The namespace is archived (its cluster was destroyed): read-only until it is purged. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The text is larger than MYZEL_MEMORY_MAX_DOCUMENT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-getDocument": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                namespaceId: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryDocument"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-deleteDocument": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                namespaceId: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryDeleted"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The namespace is archived (its cluster was destroyed): read-only until it is purged. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-search": {
        parameters: {
            query: {
                q: string;
                tags?: string[];
                limit?: number;
            };
            header?: never;
            path: {
                namespaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemorySearchResult"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-export": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                namespaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryExport"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More records than one export holds (200,000). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "memory-import": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                namespaceId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description JSON lines as an export gives them */
                    jsonl: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryImportResult"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The namespace is archived (its cluster was destroyed): read-only until it is purged. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value or document is larger than the limits. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agentMemory-grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentMemoryGrants"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid agent credential (MYZEL_MEMORY_TOKEN). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent's role was not given this namespace (the problem says which it may use), or the credential is an API token or a session. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agentMemory-getValue": {
        parameters: {
            query?: {
                namespace?: string;
            };
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryValue"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid agent credential (MYZEL_MEMORY_TOKEN). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent's role was not given this namespace (the problem says which it may use), or the credential is an API token or a session. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agentMemory-putValue": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a namespace the agent's role may use, by name (global:<name> for a global one); absent: its own */
                    namespace?: string;
                    value: components["schemas"]["JsonValue"];
                    /** @description compare-and-set: write only if the key is still at this version (0: only if it does not exist) */
                    expectedVersion?: number;
                    /** @description the value expires after this many seconds */
                    ttlSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryValue"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid agent credential (MYZEL_MEMORY_TOKEN). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent's role was not given this namespace (the problem says which it may use), or the credential is an API token or a session. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description expectedVersion is not the current version (`issues` names it), or the namespace is archived. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Larger than the memory limits. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agentMemory-deleteValue": {
        parameters: {
            query?: {
                namespace?: string;
                expectedVersion?: number;
            };
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deleted: boolean;
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid agent credential (MYZEL_MEMORY_TOKEN). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent's role was not given this namespace (the problem says which it may use), or the credential is an API token or a session. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description expectedVersion is not the current version (`issues` names it), or the namespace is archived. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Larger than the memory limits. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agentMemory-createDocument": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a namespace the agent's role may use, by name (global:<name> for a global one); absent: its own */
                    namespace?: string;
                    /** @default  */
                    title?: string;
                    text: string;
                    /** @default {} */
                    metadata?: components["schemas"]["MemoryMetadata"];
                    /** @default [] */
                    tags?: string[];
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryDocument"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid agent credential (MYZEL_MEMORY_TOKEN). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent's role was not given this namespace (the problem says which it may use), or the credential is an API token or a session. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description expectedVersion is not the current version (`issues` names it), or the namespace is archived. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Larger than the memory limits. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "agentMemory-search": {
        parameters: {
            query: {
                namespace?: string;
                q: string;
                tags?: string[];
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemorySearchResult"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid agent credential (MYZEL_MEMORY_TOKEN). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent's role was not given this namespace (the problem says which it may use), or the credential is an API token or a session. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "providers-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ProviderWithUsage"][];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "providers-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderWithUsage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No provider has this name. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "providers-put": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uri
                     * @description Base URL of an OpenAI-compatible API (…/v1)
                     */
                    baseUrl: string;
                    /**
                     * @description Name of the environment variable that holds the key on the runners' hosts; keys are never stored
                     * @default null
                     */
                    apiKeyEnv?: string | null;
                    /**
                     * @default {
                     *       "requestsPerMinute": null,
                     *       "tokensPerMinute": null,
                     *       "concurrentRequests": null
                     *     }
                     */
                    limits?: {
                        /**
                         * @description requests per minute across the fleet (null: no limit)
                         * @default null
                         */
                        requestsPerMinute?: number | null;
                        /**
                         * @description tokens (prompt and answer) per minute across the fleet (null: no limit)
                         * @default null
                         */
                        tokensPerMinute?: number | null;
                        /**
                         * @description calls in flight at once across the fleet (null: no limit)
                         * @default null
                         */
                        concurrentRequests?: number | null;
                    };
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Provider"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "providers-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Provider"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No provider has this name. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Agents of live clusters name this provider. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "providers-prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ModelPrice"][];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "providers-putPrice": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the model name as the provider reports it */
                model: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description US dollars per million input (prompt) tokens */
                    inputPerMillion: number;
                    /** @description US dollars per million output (completion) tokens */
                    outputPerMillion: number;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelPrice"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing exists with the id in the path. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "providers-deletePrice": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelPrice"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No price is set for this model. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "costs-summary": {
        parameters: {
            query?: {
                clusterId?: string;
                by?: "cluster" | "role" | "agent" | "day";
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CostSummary"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "budgets-list": {
        parameters: {
            query?: {
                clusterId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetList"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "budgets-put": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a cluster's id, or "global" for all clusters together */
                scope: string | "global";
                period: "day" | "month";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description US dollars at which a notice is given (null: none)
                     * @default null
                     */
                    softUsd?: number | null;
                    /**
                     * @description US dollars at which provider calls are held and tasks wait (null: none)
                     * @default null
                     */
                    hardUsd?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Budget"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such budget (or no such cluster). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "budgets-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a cluster's id, or "global" for all clusters together */
                scope: string | "global";
                period: "day" | "month";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Budget"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such budget (or no such cluster). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "budgets-resume": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a cluster's id, or "global" for all clusters together */
                scope: string | "global";
                period: "day" | "month";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Budget"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such budget (or no such cluster). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "planner-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlannerStatus"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "planner-propose": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description what the cluster should do, in plain words, e.g. "a procurement team that compares supplier offers and drafts orders, up to 10 workers" */
                    goal: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlannerProposal"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The model gave no valid blueprint in the attempts allowed: `issues` are the last answer's problems. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The planner's model endpoint could not be reached, or did not answer a completion. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "planner-calls": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlannerCallPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below ADMIN, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "schedules-list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the cluster */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Schedule"][];
                    };
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such cluster. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "schedules-create": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the cluster */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description unique in its cluster */
                    name: string;
                    /** @description 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, e.g. `0 9 * * 1-5` */
                    cron: string;
                    /**
                     * @description the IANA timezone the expression is read in, e.g. Europe/Berlin
                     * @default UTC
                     */
                    timezone?: string;
                    /** @description the task each run submits, as a task submission (target, type, payload, priority…) */
                    task: {
                        /** @description send to an agent of this role */
                        role?: string;
                        /** @description send to an agent with this capability */
                        capability?: string;
                        /**
                         * Format: uuid
                         * @description send to this agent
                         */
                        agentId?: string;
                        /** @default task */
                        type?: string;
                        /**
                         * @description any JSON; a string or { prompt } is what tools and models are asked
                         * @default null
                         */
                        payload?: unknown;
                        /** @description tasks with the same key go to the same agent (sticky routing) */
                        sessionKey?: string;
                        timeoutMs?: number;
                        maxAttempts?: number;
                        /** @description 1 to 10, 10 the most urgent (default 5): waiting tasks go to agents most urgent first, then oldest first */
                        priority?: number;
                    };
                    /** @default true */
                    enabled?: boolean;
                    /**
                     * @description runs missed while no server was leading: skip them, run_once (the newest), or run_all (at most the newest 100); a run less than 30 s late is not missed
                     * @default run_once
                     * @enum {string}
                     */
                    missedRuns?: "skip" | "run_once" | "run_all";
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    /** @description the path of what was created */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such cluster. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster is deleted, already has a schedule of this name, or holds the most schedules it may. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The task names a role or capability the cluster's blueprint does not have. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "schedules-get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the cluster */
                id: string;
                scheduleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such cluster, or no such schedule in it. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "schedules-update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the cluster */
                id: string;
                scheduleId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description unique in its cluster */
                    name?: string;
                    /** @description 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, e.g. `0 9 * * 1-5` */
                    cron?: string;
                    /** @description the IANA timezone the expression is read in, e.g. Europe/Berlin */
                    timezone?: string;
                    /** @description the task each run submits, as a task submission (target, type, payload, priority…) */
                    task?: {
                        /** @description send to an agent of this role */
                        role?: string;
                        /** @description send to an agent with this capability */
                        capability?: string;
                        /**
                         * Format: uuid
                         * @description send to this agent
                         */
                        agentId?: string;
                        /** @default task */
                        type?: string;
                        /**
                         * @description any JSON; a string or { prompt } is what tools and models are asked
                         * @default null
                         */
                        payload?: unknown;
                        /** @description tasks with the same key go to the same agent (sticky routing) */
                        sessionKey?: string;
                        timeoutMs?: number;
                        maxAttempts?: number;
                        /** @description 1 to 10, 10 the most urgent (default 5): waiting tasks go to agents most urgent first, then oldest first */
                        priority?: number;
                    };
                    enabled?: boolean;
                    /**
                     * @description runs missed while no server was leading: skip them, run_once (the newest), or run_all (at most the newest 100); a run less than 30 s late is not missed
                     * @enum {string}
                     */
                    missedRuns?: "skip" | "run_once" | "run_all";
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such cluster, or no such schedule in it. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cluster already has a schedule of this name. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The task names a role or capability the cluster's blueprint does not have. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "schedules-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the cluster */
                id: string;
                scheduleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below OPERATOR, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such cluster, or no such schedule in it. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the server takes (MYZEL_MAX_BODY_BYTES). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "schedules-runs": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description the cluster */
                id: string;
                scheduleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description RFC 8288 links to the next (`rel="next"`) and previous (`rel="prev"`) pages */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleRunPage"];
                };
            };
            /** @description The input is not valid (a wrong type, a value out of range, a key the operation does not take, a body that is not JSON): `issues` names each field by its JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid sign-in session or API token (`Authorization: Bearer myzel_…`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller's role is below VIEWER, or the request came from another site (Origin, Sec-Fetch-Site). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such cluster, or no such schedule in it. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Host header names a host this Myzel does not answer to (see PUBLIC_URL). */
            421: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request's headers, its URL included, are larger than the server reads (16 KiB). */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Something failed inside Myzel; the server log has the details. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis cannot be reached right now (a partition, a restart): try again after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}

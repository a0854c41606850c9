/**
 * Shared fixtures of the browser tests: the first admin, sample blueprints, REST helpers that
 * set up state the way a user's script would (with the page's signed-in session), and
 * full-page screenshots for the README.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, test as base, expect, type Page } from "@playwright/test";

export { expect };

/** The first admin, created through the setup page by auth.setup.ts. */
export const ADMIN = { name: "Ada Admin", email: "ada@myzel.test", password: "e2e-admin-password" };

const SCREENSHOTS = path.join(process.cwd(), "test-results", "screenshots");

/** A blueprint with two leads, so the tree has a supervisor, two branches and workers under each. */
export const RESEARCH_BLUEPRINT = `metadata:
  id: e2e-research-v1
  name: Research Lab
  version: 1.0.0
  description: Finds sources, analyses data and writes reports.

cluster:
  type: project
  min_workers: 6
  max_workers: 10
  routing: least-busy

agents:
  - role: supervisor
    name: Lab Director
    capabilities: [planning, review]

  - role: data_lead
    name: Data Lead
    reports_to: supervisor
    capabilities: [statistics]

  - role: writing_lead
    name: Writing Lead
    reports_to: supervisor
    capabilities: [editing]

  - role: analyst
    name: Analyst
    count: 2
    reports_to: data_lead
    capabilities: [analysis, charts]

  - role: editor
    name: Editor
    count: 1-3
    reports_to: writing_lead
    capabilities: [copy_editing]
`;

/**
 * A team whose director delegates to two leads, who delegate to their writers: a task sent to
 * the director goes down the whole tree and comes back combined.
 */
export const FLOW_BLUEPRINT = `metadata:
  id: e2e-flow-v1
  name: Newsroom
  version: 1.0.0
  description: An editor-in-chief splits each story between two desks.

cluster:
  type: department
  min_workers: 7
  max_workers: 12
  routing: least-busy

agents:
  - role: chief
    name: Editor in Chief
    capabilities: [planning]
    runtime: { type: builtin, behaviour: delegate }

  - role: news_desk
    name: News Desk
    reports_to: chief
    runtime: { type: builtin, behaviour: delegate }

  - role: features_desk
    name: Features Desk
    reports_to: chief
    runtime: { type: builtin, behaviour: delegate }

  - role: reporter
    name: Reporter
    count: 2-5
    reports_to: news_desk
    capabilities: [research, writing]

  - role: feature_writer
    name: Feature Writer
    count: 2-5
    reports_to: features_desk
    capabilities: [writing]
`;

/** The research blueprint under another id, with a manager that does not exist on a known line. */
export function blueprintWithUnknownManager(): { yaml: string; id: string; line: number } {
  const yaml = RESEARCH_BLUEPRINT.replace("id: e2e-research-v1", "id: e2e-broken-v1").replace(
    "reports_to: data_lead",
    "reports_to: leed",
  );
  const line = yaml.split("\n").findIndex((text) => text.includes("reports_to: leed")) + 1;
  return { yaml, id: "e2e-broken-v1", line };
}

type Api = {
  /** Stores a blueprint the way `curl --data-binary @file.yaml` does. */
  uploadBlueprint: (yaml: string) => Promise<void>;
  blueprintIds: () => Promise<string[]>;
  /** Deletes every live cluster, so a test can start from an empty list. */
  deleteAllClusters: () => Promise<void>;
  /** Creates a cluster and waits until its agents run; returns its id. */
  activeCluster: (blueprintId: string, name: string, targetWorkers?: number) => Promise<string>;
  /** Creates a cluster from a blueprint and returns its id. */
  createCluster: (blueprintId: string, name: string) => Promise<string>;
  /** Adds a user with a role; returns what they sign in with. */
  addUser: (role: "VIEWER" | "OPERATOR" | "ADMIN") => Promise<{ email: string; password: string }>;
};

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(url);
  expect(response.ok(), `GET ${url}`).toBe(true);
  return (await response.json()) as T;
}

export const test = base.extend<{ api: Api; capture: (name: string) => Promise<void> }>({
  // Wide enough for the dashboard's two columns; the screenshots become the README's.
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a fixture needs from its destructuring
  viewport: async ({}, use) => use({ width: 1440, height: 900 }),
  // The page's own request context: it carries the signed-in admin's session cookie.
  api: async ({ page }, use) => {
    const request = page.request;
    await use({
      uploadBlueprint: async (yaml) => {
        const response = await request.post("/api/blueprints", {
          data: yaml,
          headers: { "Content-Type": "application/yaml" },
        });
        expect(response.ok(), await response.text()).toBe(true);
      },
      blueprintIds: async () =>
        (await json<Array<{ id: string }>>(request, "/api/blueprints")).map((blueprint) => blueprint.id),
      activeCluster: async (blueprintId, name, targetWorkers) => {
        const created = await request.post("/api/clusters", { data: { blueprintId, name, targetWorkers } });
        expect(created.ok(), await created.text()).toBe(true);
        const { id } = (await created.json()) as { id: string };
        const active = await json<{ status: string }>(
          request,
          `/api/clusters/${id}/wait?status=ACTIVE&timeoutMs=30000`,
        );
        expect(active.status).toBe("ACTIVE");
        return id;
      },
      deleteAllClusters: async () => {
        const page = await json<{ items: Array<{ id: string }> }>(request, "/api/clusters?limit=200");
        for (const cluster of page.items) {
          const response = await request.delete(`/api/clusters/${cluster.id}`);
          expect(response.ok(), await response.text()).toBe(true);
        }
      },
      createCluster: async (blueprintId, name) => {
        const response = await request.post("/api/clusters", { data: { blueprintId, name } });
        expect(response.ok(), await response.text()).toBe(true);
        return ((await response.json()) as { id: string }).id;
      },
      addUser: async (role) => {
        const user = {
          email: `${role.toLowerCase()}-${Date.now()}@myzel.test`,
          password: `${role.toLowerCase()}-password-1`,
        };
        const response = await request.post("/api/users", {
          data: { name: `${role[0]}${role.slice(1).toLowerCase()} User`, role, ...user },
        });
        expect(response.ok(), await response.text()).toBe(true);
        return user;
      },
    });
  },
  capture: async ({ page }, use) => {
    await use((name) => fullPageScreenshot(page, name));
  },
});

/** A README screenshot: from the top, once fonts are in, nothing animating mid-frame. */
export async function fullPageScreenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.mouse.move(0, 0);
  await page.evaluate(async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    await document.fonts.ready;
  });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
}

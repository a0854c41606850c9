import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

/**
 * Every page of the dashboard, in the light and the dark theme, checked by axe-core against
 * WCAG 2.2 A/AA: no serious or critical violation (contrast, names, focusable scroll regions…).
 * Pages are checked once their data is in (nothing announced busy) and with motion reduced,
 * so a fade or a pulse caught mid-way cannot decide a colour contrast.
 */

type Target = { name: string; path: string; heading?: string | RegExp };

async function settled(page: Page, target: Target) {
  await page.goto(target.path);
  if (target.heading) await expect(page.getByRole("heading", { level: 1, name: target.heading })).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      help: violation.help,
      nodes: violation.nodes
        .slice(0, 5)
        .map((node) => `${node.target.join(" ")} — ${node.failureSummary?.split("\n")[1] ?? ""}`),
      count: violation.nodes.length,
    }));
}

test.describe("accessibility", () => {
  test.describe.configure({ timeout: 240_000 });

  let targets: Target[] = [];
  test.beforeEach(async ({ api, page }) => {
    await api.uploadBlueprint(RESEARCH_BLUEPRINT);
    await api.deleteAllClusters();
    const clusterId = await api.activeCluster("e2e-research-v1", `Axe Lab ${Date.now()}`);
    const task = await page.request.post(`/api/clusters/${clusterId}/tasks`, {
      data: { role: "analyst", payload: { prompt: "a chart" }, waitMs: 20_000 },
    });
    expect(task.ok(), await task.text()).toBe(true);
    const { id: taskId } = (await task.json()) as { id: string };
    const agents = (await (await page.request.get(`/api/clusters/${clusterId}/agents`)).json()) as Array<{
      id: string;
    }>;
    targets = [
      { name: "overview", path: "/", heading: "Overview" },
      { name: "clusters", path: "/clusters", heading: "Clusters" },
      { name: "cluster", path: `/clusters/${clusterId}`, heading: /Axe Lab/ },
      { name: "agent drawer", path: `/clusters/${clusterId}?agent=${agents[0]!.id}`, heading: /Axe Lab/ },
      { name: "tasks", path: "/tasks", heading: "Tasks" },
      { name: "task", path: `/tasks/${taskId}` },
      { name: "healing", path: "/healing", heading: "Healing" },
      { name: "nodes", path: "/nodes", heading: "Nodes" },
      { name: "blueprints", path: "/blueprints", heading: "Blueprints" },
      { name: "blueprint", path: "/blueprints/e2e-research-v1", heading: "Research Lab" },
      { name: "blueprint upload", path: "/blueprints/new" },
      { name: "api", path: "/api-docs" },
      { name: "users", path: "/admin/users" },
      { name: "tokens", path: "/admin/tokens" },
      { name: "audit", path: "/admin/audit" },
      { name: "alerts", path: "/admin/alerts" },
      { name: "backups", path: "/admin/backups" },
    ];
  });

  for (const scheme of ["light", "dark"] as const) {
    test(`every page has no serious or critical axe violation in the ${scheme} theme`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
      const found: Record<string, unknown> = {};
      for (const target of targets) {
        await settled(page, target);
        if (target.name === "agent drawer") await expect(page.getByTestId("agent-drawer")).toBeVisible();
        const violations = await seriousViolations(page);
        if (violations.length) found[target.name] = violations;
      }
      // Signed out: the sign-in page.
      await page.context().clearCookies();
      await settled(page, { name: "sign-in", path: "/sign-in" });
      const signIn = await seriousViolations(page);
      if (signIn.length) found["sign-in"] = signIn;
      expect(found, JSON.stringify(found, null, 2)).toEqual({});
    });
  }
});

import type { Page } from "@playwright/test";
import { expect, RESEARCH_BLUEPRINT, test } from "../fixtures";

/** Each role signs in on a fresh browser and sees the controls it may use, and no others. */
test.describe("sign-in and roles", () => {
  // Each test signs in as its own user; the admin's session (the default) sets the scene through `api`.
  let clusterId: string;
  let clusterName: string;
  test.beforeEach(async ({ api }) => {
    await api.uploadBlueprint(RESEARCH_BLUEPRINT);
    await api.deleteAllClusters();
    // A deleted cluster keeps its name until its agents have stopped: each test takes a new one.
    clusterName = `Role Check ${Date.now()}`;
    clusterId = await api.createCluster("e2e-research-v1", clusterName);
  });

  async function signInAs(page: Page, user: { email: string; password: string }) {
    await page.context().clearCookies();
    await page.goto(`/clusters/${clusterId}`);
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back where they wanted to go.
    await expect(page).toHaveURL(new RegExp(`/clusters/${clusterId}$`));
    await expect(page.getByTestId("user-menu")).toContainText(user.email);
    await expect(page.getByRole("heading", { level: 1, name: clusterName })).toBeVisible();
  }

  test("after sign-in, a next= that points at another site leads to the dashboard instead", async ({ page, api }) => {
    const viewer = await api.addUser("VIEWER");
    await page.context().clearCookies();
    // A tab in the path: the browser would read "/\t/evil.example/" as "//evil.example/", another host.
    await page.goto("/sign-in?next=/%09/evil.example/");
    await page.getByLabel("Email").fill(viewer.email);
    await page.getByLabel("Password").fill(viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/clusters$/);
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
  });

  test("a viewer reads everything and sees no control that changes anything", async ({ page, api }) => {
    await signInAs(page, await api.addUser("VIEWER"));
    await expect(page.getByTestId("user-menu")).toContainText("Viewer");
    await expect(page.getByTestId("cluster-status")).toHaveText("Active");
    for (const name of ["Hibernate", "Reactivate", "Delete"])
      await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Scale" })).toHaveCount(0);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clusters" }).click();
    await expect(page.getByTestId("cluster-row").filter({ hasText: clusterName })).toBeVisible();
    await expect(page.getByRole("button", { name: "New cluster" })).toHaveCount(0);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Blueprints" }).click();
    await expect(page.getByTestId("blueprint-row").first()).toBeVisible();
    await expect(page.getByRole("link", { name: "Upload blueprint" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  });

  test("an operator runs clusters but cannot delete them, upload blueprints or administer", async ({ page, api }) => {
    await signInAs(page, await api.addUser("OPERATOR"));
    await expect(page.getByRole("button", { name: "Delete", exact: true })).toHaveCount(0);
    await page.getByRole("button", { name: "Hibernate" }).click();
    await expect(page.getByTestId("cluster-status")).toHaveText("Hibernated");
    await page.getByRole("button", { name: "Reactivate" }).click();
    await expect(page.getByTestId("cluster-status")).toHaveText("Active");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clusters" }).click();
    await expect(page.getByRole("button", { name: "New cluster" }).first()).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Blueprints" }).click();
    await expect(page.getByTestId("blueprint-row").first()).toBeVisible();
    await expect(page.getByRole("link", { name: "Upload blueprint" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  });

  test("an admin sees every control, makes a token that is shown once, and finds each change in the audit log", async ({
    page,
    api,
    capture,
  }) => {
    await signInAs(page, await api.addUser("ADMIN"));
    await expect(page.getByRole("button", { name: "Delete", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Hibernate" })).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Blueprints" }).click();
    await expect(page.getByRole("link", { name: "Upload blueprint" })).toBeVisible();

    await page.getByRole("link", { name: "API tokens" }).click();
    await page.getByRole("button", { name: "New token" }).click();
    const dialog = page.getByRole("dialog", { name: "New API token" });
    await dialog.getByLabel("Name").fill("Reporting app");
    await dialog.getByLabel("Role").selectOption("VIEWER");
    await dialog.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByRole("dialog", { name: "Token created" });
    const token = (await shown.getByTestId("new-token").locator("code").textContent())!;
    expect(token).toMatch(/^myzel_/);
    await capture("api-token-created");
    await shown.getByRole("button", { name: "Done" }).click();
    const row = page.getByTestId("token-row").filter({ hasText: "Reporting app" });
    await expect(row).toContainText(`${token.slice(0, 12)}…`);
    await expect(page.getByText(token)).toHaveCount(0);

    await page.getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByTestId("audit-row").filter({ hasText: "tokens.create" }).first()).toBeVisible();
    await expect(page.getByTestId("audit-row").filter({ hasText: "users.create" }).first()).toBeVisible();
    await capture("audit-log");

    await page.getByRole("link", { name: "Users" }).click();
    await expect(page.getByTestId("user-row").filter({ hasText: "ada@myzel.test" })).toBeVisible();
    await capture("users");
  });

  test("a wrong password is refused, and signing out ends the session", async ({ page, capture }) => {
    await page.context().clearCookies();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("ada@myzel.test");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Invalid email or password.")).toBeVisible();
    await capture("sign-in");

    await page.getByLabel("Password").fill("e2e-admin-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/clusters$/);
    await page.getByTestId("user-menu").getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/clusters");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fclusters$/);
  });
});

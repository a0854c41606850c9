/**
 * Runs before every spec: a new installation's first admin is created through the setup page,
 * as a person would; when the server kept its data from an earlier run, the admin signs in.
 * The session is saved and every spec starts signed in as that admin.
 */
import { test as setup } from "@playwright/test";
import { ADMIN_SESSION } from "../playwright.config";
import { ADMIN, expect } from "./fixtures";

setup("the first admin is set up and signed in", async ({ page }) => {
  await page.goto("/clusters");
  await expect(page).toHaveURL(/\/(setup|sign-in)/);
  if (page.url().includes("/setup")) {
    await expect(page.getByRole("heading", { name: "Set up Myzel" })).toBeVisible();
    await page.getByLabel("Your name").fill(ADMIN.name);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByLabel("Password again").fill(ADMIN.password);
    await page.getByRole("button", { name: "Create admin" }).click();
  } else {
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(page).toHaveURL(/\/clusters$/);
  await expect(page.getByTestId("user-menu")).toContainText(ADMIN.email);
  await page.context().storageState({ path: ADMIN_SESSION });
});

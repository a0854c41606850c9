import { expect, test } from "../fixtures";

test("the theme switch is remembered and applied before the first paint", async ({ page, capture }) => {
  await page.goto("/");
  const theme = page.getByRole("radiogroup", { name: "Theme" });
  await theme.getByRole("radio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);

  // On the next load the class is there before any script of the app ran: no light flash.
  const atFirstPaint: boolean[] = [];
  await page.exposeFunction("reportTheme", (dark: boolean) => atFirstPaint.push(dark));
  await page.addInitScript(() => {
    document.addEventListener(
      "DOMContentLoaded",
      () =>
        (window as unknown as { reportTheme: (dark: boolean) => void }).reportTheme(
          document.documentElement.classList.contains("dark"),
        ),
      { once: true },
    );
  });
  await page.reload();
  await expect.poll(() => atFirstPaint).toEqual([true]);
  await expect(theme.getByRole("radio", { name: "Dark" })).toBeChecked();
  await capture("overview-dark");

  // The keyboard moves the choice; "System" forgets it.
  await theme.getByRole("radio", { name: "Dark" }).focus();
  await page.keyboard.press("ArrowLeft");
  await expect(theme.getByRole("radio", { name: "System" })).toBeChecked();
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator("html")).not.toHaveClass(/dark/);
  expect(await page.evaluate(() => localStorage.getItem("myzel-theme"))).toBeNull();
});

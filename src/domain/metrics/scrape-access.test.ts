import { describe, expect, it } from "vitest";
import { type ScrapeRequest, scrapeDecision } from "./scrape-access";

const none: ScrapeRequest = {
  bearer: undefined,
  isScrapeToken: false,
  isApiToken: false,
  addressAllowed: false,
  signedIn: false,
};

describe("scrapeDecision", () => {
  it("lets in the scrape token, any API token, and allowed addresses without a token", () => {
    expect(scrapeDecision({ ...none, bearer: "s", isScrapeToken: true }).allowed).toBe(true);
    expect(scrapeDecision({ ...none, bearer: "t", isApiToken: true }).allowed).toBe(true);
    expect(scrapeDecision({ ...none, addressAllowed: true }).allowed).toBe(true);
  });

  it("refuses a wrong token with 401 even from an allowed address", () => {
    expect(scrapeDecision({ ...none, bearer: "x", addressAllowed: true })).toMatchObject({
      allowed: false,
      status: 401,
    });
  });

  it("answers 401 without credentials and 403 to a dashboard session", () => {
    expect(scrapeDecision(none)).toMatchObject({ allowed: false, status: 401 });
    expect(scrapeDecision({ ...none, signedIn: true })).toMatchObject({ allowed: false, status: 403 });
  });
});

import { describe, expect, it } from "vitest";
import { type ConsoleForm, consoleRequest, curlFor } from "./console-request";

const form = (over: Partial<ConsoleForm>): ConsoleForm => ({
  target: "role",
  targetValue: "writer",
  format: "text",
  body: "a tagline",
  timeoutSeconds: "",
  attempts: "",
  sessionKey: "",
  ...over,
});

describe("consoleRequest", () => {
  it("sends a priority from 1 to 10 when one is typed, and refuses others", () => {
    expect(consoleRequest(form({ priority: "9" }))).toEqual({
      request: { role: "writer", payload: { prompt: "a tagline" }, priority: 9 },
    });
    expect(consoleRequest(form({ priority: "11" }))).toEqual({
      problem: { field: "priority", message: "a whole number, 1 to 10" },
    });
  });

  it("sends text as { prompt } to a role, nothing else unless set", () => {
    expect(consoleRequest(form({}))).toEqual({ request: { role: "writer", payload: { prompt: "a tagline" } } });
  });

  it("sends JSON as it is, to a capability or an agent, with timeout, attempts and session", () => {
    expect(
      consoleRequest(
        form({
          target: "capability",
          targetValue: "charts",
          format: "json",
          body: '{"rows": [1, 2]}',
          timeoutSeconds: "30",
          attempts: "2",
          sessionKey: " s-1 ",
        }),
      ),
    ).toEqual({
      request: {
        capability: "charts",
        payload: { rows: [1, 2] },
        timeoutMs: 30_000,
        maxAttempts: 2,
        sessionKey: "s-1",
      },
    });
    expect(consoleRequest(form({ target: "agentId", targetValue: "a-1" }))).toMatchObject({
      request: { agentId: "a-1" },
    });
  });

  it("says what is wrong and where", () => {
    expect(consoleRequest(form({ format: "json", body: "{oops" }))).toMatchObject({ problem: { field: "body" } });
    expect(consoleRequest(form({ timeoutSeconds: "1.5" }))).toMatchObject({ problem: { field: "timeout" } });
    expect(consoleRequest(form({ attempts: "21" }))).toMatchObject({ problem: { field: "attempts" } });
    expect(consoleRequest(form({ targetValue: "" }))).toMatchObject({ problem: { field: "target" } });
    expect(consoleRequest(form({ body: "  " }))).toMatchObject({ problem: { field: "body" } });
  });
});

describe("curlFor", () => {
  it("carries the Authorization header and quotes the body for a shell", () => {
    const curl = curlFor("http://localhost:3000", "c1", { role: "w", payload: { prompt: "it's" } });
    expect(curl).toContain('-H "Authorization: Bearer $MYZEL_TOKEN"');
    expect(curl).toContain(`-d '{"role":"w","payload":{"prompt":"it'\\''s"}}'`);
    expect(curl).toContain("http://localhost:3000/api/clusters/c1/tasks");
  });
});

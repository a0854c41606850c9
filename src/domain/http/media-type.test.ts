import { describe, expect, it } from "vitest";
import { acceptHeaderFor, bodyDecision } from "./media-type";

const json = ["application/json"];
const jsonOrYaml = ["application/json", "application/yaml"];
const ask = (contentType: string | undefined, accepted: string[], empty = false) =>
  bodyDecision({ contentType, empty, accepted, endpoint: "POST /api/x" });

describe("request body media types", () => {
  it("takes JSON with any parameters", () => {
    expect(ask("application/json", json)).toEqual({ kind: "json" });
    expect(ask("Application/JSON; charset=utf-8", json)).toEqual({ kind: "json" });
  });

  it("takes YAML under each of its names only where the endpoint lists it", () => {
    for (const type of ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"]) {
      expect(ask(type, jsonOrYaml)).toEqual({ kind: "yaml" });
      expect(ask(type, json)).toMatchObject({ kind: "unsupported", accepted: json });
    }
  });

  it("refuses text/plain everywhere, saying what to send", () => {
    const decision = ask("text/plain;charset=UTF-8", jsonOrYaml);
    expect(decision).toEqual({
      kind: "unsupported",
      accepted: jsonOrYaml,
      detail:
        "POST /api/x takes application/json or application/yaml, not text/plain (fetch sends text/plain for a string body: set Content-Type)",
    });
  });

  it("asks for a Content-Type when a body comes without one", () => {
    expect(ask(undefined, json)).toMatchObject({
      detail: "POST /api/x takes application/json; send a Content-Type header",
    });
  });

  it("lets an empty body through whatever it is labelled", () => {
    expect(ask(undefined, json, true)).toEqual({ kind: "empty" });
    expect(ask("text/plain", json, true)).toEqual({ kind: "empty" });
  });

  it("names the accept header of POST and PATCH, none for PUT", () => {
    expect(acceptHeaderFor("POST")).toBe("Accept-Post");
    expect(acceptHeaderFor("PATCH")).toBe("Accept-Patch");
    expect(acceptHeaderFor("PUT")).toBeUndefined();
  });
});

import { Parser } from "@asyncapi/parser";
import { describe, expect, it } from "vitest";
import { myzelEvent } from "../schemas/events";
import { asyncApiDocument } from "./asyncapi";

const document = asyncApiDocument("http://localhost:3000");

describe("the AsyncAPI document of the live events", () => {
  it("is a valid AsyncAPI 3 document (checked by the AsyncAPI parser)", async () => {
    const diagnostics = await new Parser().validate(JSON.stringify(document));
    // Severity 0 is an error, 1 a warning; hints (a newer AsyncAPI minor exists) are left.
    const problems = diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.path.join(".")}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it("names every event type as a schema, and the event message offers each", () => {
    const types = myzelEvent.options.map((option) => option.shape.type.value);
    const components = document.components as {
      schemas: Record<string, { required?: string[] }>;
      messages: Record<string, { payload: { oneOf?: Array<{ $ref: string }> } }>;
    };
    for (const type of types) expect(components.schemas[type]?.required).toContain("eventId");
    expect(components.messages.event!.payload.oneOf!.map((r) => r.$ref.split("/").at(-1))).toEqual(types);
    expect(Object.keys(components.messages).sort()).toEqual(["event", "resync", "unwatch", "watch", "watchAck"]);
  });

  it("tells the host it was asked through", () => {
    expect(asyncApiDocument("https://myzel.example").servers).toMatchObject({
      myzel: { host: "myzel.example", protocol: "wss" },
    });
  });
});

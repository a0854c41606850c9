import { describe, expect, it } from "vitest";
import { parseTraceparent, traceIdOf } from "./traceparent";

describe("traceparent", () => {
  it("reads the trace and span ids and the sampled flag", () => {
    expect(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).toEqual({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      sampled: true,
    });
    expect(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")?.sampled).toBe(false);
  });

  it("refuses other versions, upper case, all-zero ids and nothing", () => {
    for (const bad of [
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
      `00-${"0".repeat(32)}-00f067aa0ba902b7-01`,
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${"0".repeat(16)}-01`,
      "",
      null,
      undefined,
    ])
      expect(parseTraceparent(bad)).toBeNull();
    expect(traceIdOf("garbage")).toBeNull();
  });
});

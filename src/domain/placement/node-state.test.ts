import { describe, expect, it } from "vitest";
import { nodeState } from "./node-state";

describe("nodeState", () => {
  it("names a node without heartbeat lost, whatever its marks", () => {
    expect(nodeState({ live: false, cordoned: true, drainingAt: new Date() })).toBe("lost");
  });
  it("names a draining node draining (a drain cordons too), a cordoned one cordoned, else ready", () => {
    expect(nodeState({ live: true, cordoned: true, drainingAt: new Date() })).toBe("draining");
    expect(nodeState({ live: true, cordoned: true, drainingAt: null })).toBe("cordoned");
    expect(nodeState({ live: true, cordoned: false, drainingAt: null })).toBe("ready");
  });
});

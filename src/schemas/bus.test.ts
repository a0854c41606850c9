import { describe, expect, it } from "vitest";
import { agentControlWire, eventsWire, nodeSyncWire, reconcileWire } from "./bus";

describe("bus wire formats", () => {
  it("speaks the node-sync strings of earlier versions", () => {
    expect(nodeSyncWire.encode({ type: "reconcile" })).toBe("reconcile");
    expect(nodeSyncWire.encode({ type: "reset", agentIds: ["a", "b"] })).toBe("reset:a,b");
    expect(nodeSyncWire.decode("reset:a,b")).toEqual({ type: "reset", agentIds: ["a", "b"] });
    expect(nodeSyncWire.decode("reconcile")).toEqual({ type: "reconcile" });
    expect(nodeSyncWire.safeDecode("reset:").success).toBe(false);
    expect(nodeSyncWire.safeDecode("hello").success).toBe(false);
  });

  it("reads a bare reason, or a runner's node id, as a reconcile request", () => {
    expect(reconcileWire.decode("redis-restored")).toEqual({ reason: "redis-restored" });
    expect(reconcileWire.decode("host-runner-12")).toEqual({ reason: "node", nodeId: "host-runner-12" });
    expect(reconcileWire.encode({ reason: "node", nodeId: "host-runner-12" })).toBe("host-runner-12");
    expect(reconcileWire.encode({ reason: "api" })).toBe("api");
    expect(reconcileWire.safeDecode("").success).toBe(false);
  });

  it("refuses malformed JSON messages on the way in and invalid ones on the way out", () => {
    expect(agentControlWire.decode('{"type":"cancel","taskId":"t1"}')).toEqual({ type: "cancel", taskId: "t1" });
    expect(agentControlWire.safeDecode("{not json").success).toBe(false);
    expect(agentControlWire.safeDecode('{"type":"cancel"}').success).toBe(false);
    expect(() => agentControlWire.encode({ type: "cancel", taskId: "" })).toThrow();
    expect(eventsWire.safeDecode('{"type":"nonsense"}').success).toBe(false);
  });
});

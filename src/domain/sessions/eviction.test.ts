import { describe, expect, it } from "vitest";
import { evictionFor } from "./eviction";

describe("making room for a new session", () => {
  const open = [
    { key: "a", lastUsedAt: 30, busy: false },
    { key: "b", lastUsedAt: 10, busy: true },
    { key: "c", lastUsedAt: 20, busy: false },
  ];

  it("closes nothing while there is room", () => {
    expect(evictionFor(open, 4)).toEqual({ kind: "room" });
  });

  it("closes the least recently used session that is not answering", () => {
    expect(evictionFor(open, 3)).toEqual({ kind: "evict", key: "c" });
  });

  it("says full when every session is answering", () => {
    expect(evictionFor([{ key: "b", lastUsedAt: 1, busy: true }], 1)).toEqual({ kind: "full" });
  });
});

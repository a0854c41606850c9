import { describe, expect, it } from "vitest";
import { formatEtag, ifMatchHolds, parseIfMatch } from "./etag";

describe("entity tags", () => {
  it("formats a version as a strong tag that If-Match reads back", () => {
    expect(formatEtag(7)).toBe('"v7"');
    expect(parseIfMatch(formatEtag(7))).toEqual({ any: false, versions: [7] });
  });

  it("reads *, lists, and tags it never gave out as matching nothing", () => {
    expect(parseIfMatch(" * ")).toEqual({ any: true });
    expect(parseIfMatch('"v3", "v4"')).toEqual({ any: false, versions: [3, 4] });
    expect(parseIfMatch('"abc"')).toEqual({ any: false, versions: [] });
    expect(parseIfMatch('"v0", "v01"')).toEqual({ any: false, versions: [] });
  });

  it("never matches a weak tag: If-Match compares strongly", () => {
    expect(parseIfMatch('W/"v3"')).toEqual({ any: false, versions: [] });
  });

  it("refuses what is not a list of quoted tags", () => {
    expect(parseIfMatch("v3")).toBeNull();
    expect(parseIfMatch("")).toBeNull();
    expect(parseIfMatch('"v3", ')).toBeNull();
    expect(parseIfMatch('"v"3"')).toBeNull();
  });

  it("holds for the named versions, for *, and when there is no condition", () => {
    expect(ifMatchHolds({ any: false, versions: [3, 4] }, 4)).toBe(true);
    expect(ifMatchHolds({ any: false, versions: [3] }, 4)).toBe(false);
    expect(ifMatchHolds({ any: true }, 4)).toBe(true);
    expect(ifMatchHolds(undefined, 4)).toBe(true);
  });
});

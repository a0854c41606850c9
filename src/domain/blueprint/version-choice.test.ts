import { describe, expect, it } from "vitest";
import { chooseVersion, listed } from "./version-choice";

const v = (version: string, archived = false) => ({ version, archived });

describe("chooseVersion", () => {
  it("reads the newest open version by default, an archived one only when named or when all are archived", () => {
    const versions = [v("1.0.0"), v("1.10.0", true), v("1.9.0")];
    expect(chooseVersion(versions, undefined, "read")).toEqual({ ok: true, version: "1.9.0" });
    expect(chooseVersion(versions, "1.10.0", "read")).toEqual({ ok: true, version: "1.10.0" });
    expect(chooseVersion([v("1.0.0", true), v("2.0.0", true)], undefined, "read")).toEqual({
      ok: true,
      version: "2.0.0",
    });
  });

  it("starts new clusters only from open versions: archiving the newest falls back to the one before", () => {
    const versions = [v("1.0.0"), v("2.0.0", true)];
    expect(chooseVersion(versions, undefined, "new-cluster")).toEqual({ ok: true, version: "1.0.0" });
    expect(chooseVersion(versions, "2.0.0", "new-cluster")).toEqual({
      ok: false,
      reason: "archived",
      version: "2.0.0",
    });
    expect(chooseVersion([v("1.0.0", true)], undefined, "new-cluster")).toEqual({ ok: false, reason: "all-archived" });
  });

  it("says when the version or the blueprint is not there", () => {
    expect(chooseVersion([], undefined, "read")).toEqual({ ok: false, reason: "no-versions" });
    expect(chooseVersion([v("1.0.0")], "3.0.0", "read")).toEqual({
      ok: false,
      reason: "no-such-version",
      version: "3.0.0",
    });
  });
});

describe("listed", () => {
  it("hides a blueprint whose every version is archived unless archived ones are asked for", () => {
    expect(listed([v("1.0.0", true)], false)).toBe(false);
    expect(listed([v("1.0.0", true)], true)).toBe(true);
    expect(listed([v("1.0.0", true), v("2.0.0")], false)).toBe(true);
    expect(listed([], true)).toBe(false);
  });
});

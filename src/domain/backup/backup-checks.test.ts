import { describe, expect, it } from "vitest";
import { fileProblems, pitrTargetProblem, retentionVictims, schemaVerdict, walFilesOverCap } from "./backup-checks";

const file = (name: string, sizeBytes = 10, sha256 = "a".repeat(64)) => ({ name, sizeBytes, sha256 });

describe("fileProblems", () => {
  it("passes files that match the manifest", () => {
    expect(fileProblems([file("a"), file("b")], [file("b"), file("a")])).toEqual([]);
  });
  it("names a missing, resized, altered or extra file", () => {
    const problems = fileProblems(
      [file("gone"), file("size"), file("sum")],
      [file("size", 11), file("sum", 10, "b".repeat(64)), file("extra")],
    );
    expect(problems).toEqual([
      "gone: missing from the archive",
      "size: 11 bytes, the manifest says 10",
      "sum: checksum differs from the manifest",
      "extra: not in the manifest",
    ]);
  });
});

describe("schemaVerdict", () => {
  it("brings an older schema forward with the migrations it lacks", () => {
    expect(schemaVerdict(["m1"], ["m1", "m2"])).toEqual({ ok: true, toApply: ["m2"] });
  });
  it("refuses a backup from a newer schema and names the unknown migrations", () => {
    const verdict = schemaVerdict(["m1", "m3"], ["m1", "m2"]);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toContain("newer schema");
    expect(!verdict.ok && verdict.reason).toContain("m3");
  });
});

describe("retentionVictims", () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, day));
  it("keeps the newest verified backups and never a running one", () => {
    const backups = [
      { id: "v1", status: "VERIFIED" as const, startedAt: at(1) },
      { id: "f2", status: "FAILED" as const, startedAt: at(2) },
      { id: "v3", status: "VERIFIED" as const, startedAt: at(3) },
      { id: "v4", status: "VERIFIED" as const, startedAt: at(4) },
      { id: "r5", status: "RUNNING" as const, startedAt: at(5) },
      { id: "f6", status: "FAILED" as const, startedAt: at(6) },
    ];
    expect(retentionVictims(backups, 2).sort()).toEqual(["f2", "v1"]);
  });
  it("keeps failed backups while fewer verified ones than retained exist", () => {
    expect(retentionVictims([{ id: "f", status: "FAILED", startedAt: at(1) }], 3)).toEqual([]);
  });
});

describe("pitrTargetProblem", () => {
  const base = new Date("2026-01-01T10:00:00Z");
  const now = new Date("2026-01-01T12:00:00Z");
  it("accepts a time between the base backup and now", () => {
    expect(pitrTargetProblem(new Date("2026-01-01T11:00:00Z"), base, now)).toBeNull();
  });
  it("refuses a time before the base, in the future, or invalid", () => {
    expect(pitrTargetProblem(new Date("2026-01-01T09:00:00Z"), base, now)).toMatch(/before the backup/);
    expect(pitrTargetProblem(new Date("2026-01-01T13:00:00Z"), base, now)).toMatch(/future/);
    expect(pitrTargetProblem(new Date("nonsense"), base, now)).toMatch(/no valid time/);
  });
});

describe("walFilesOverCap", () => {
  it("drops the oldest segments until the archive fits", () => {
    const files = [
      file("000000010000000000000003"),
      file("000000010000000000000001"),
      file("000000010000000000000002"),
    ];
    expect(walFilesOverCap(files, 15)).toEqual(["000000010000000000000001", "000000010000000000000002"]);
    expect(walFilesOverCap(files, 30)).toEqual([]);
  });
});

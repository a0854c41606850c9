import { describe, expect, it } from "vitest";
import { bucketFor } from "./chart-buckets";

describe("chart buckets", () => {
  it("shows raw samples over short windows", () => {
    expect(bucketFor(5, 2)).toBe(2);
    expect(bucketFor(10, 2)).toBe(2);
  });

  it("folds longer windows so a chart stays under 300 points", () => {
    expect(bucketFor(15, 2)).toBe(5);
    expect(bucketFor(60, 2)).toBe(30);
    expect(bucketFor(24 * 60, 2)).toBe(300);
    expect(bucketFor(7 * 24 * 60, 2)).toBe(3600);
    expect(bucketFor(30 * 24 * 60, 2)).toBe(10_800);
  });

  it("never goes below the sample interval, nor below what downsampling kept", () => {
    expect(bucketFor(1, 10)).toBe(10);
    expect(bucketFor(90, 2)).toBe(60);
    expect(bucketFor(2 * 24 * 60, 2)).toBe(900);
  });
});

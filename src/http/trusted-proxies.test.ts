import { describe, expect, it } from "vitest";
import { trustedProxies } from "./trusted-proxies";

describe("trusted proxies", () => {
  it("trusts the addresses and blocks named, nothing else", () => {
    const trusted = trustedProxies(["10.0.0.1", "172.16.0.0/12", "fd00::/8"]);
    expect(["10.0.0.1", "172.20.1.2", "fd12::1"].map(trusted)).toEqual([true, true, true]);
    expect(["10.0.0.2", "172.32.0.1", "2001:db8::1", "not-an-address"].map(trusted)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("trusts no one by default", () => {
    expect(trustedProxies([])("127.0.0.1")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { clientAddress, normalAddress } from "./client-address";

const proxies = new Set(["10.0.0.1", "10.0.0.2"]);
const trusted = (address: string) => proxies.has(address);

describe("the client's address", () => {
  it("is the TCP peer when the peer is no trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.1", trusted)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", undefined, trusted)).toBe("203.0.113.9");
  });

  it("is the first address from the right that no trusted proxy vouches for", () => {
    expect(clientAddress("10.0.0.1", "198.51.100.7", trusted)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2", trusted)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.1", "2001:db8::7", trusted)).toBe("2001:db8::7");
  });

  it("stops at a malformed entry, at the proxy that passed it on", () => {
    expect(clientAddress("10.0.0.1", "198.51.100.7, not-an-address", trusted)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", "198.51.100.7:5555", trusted)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", "", trusted)).toBe("10.0.0.1");
  });

  it("is the leftmost address when every hop is a trusted proxy", () => {
    expect(clientAddress("10.0.0.1", "10.0.0.2", trusted)).toBe("10.0.0.2");
  });

  it("normalises addresses as Node reports them", () => {
    expect(normalAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalAddress(" 2001:DB8::1 ")).toBe("2001:db8::1");
    expect(normalAddress("localhost")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { allowedHostNames, hostNameOf, hostRefusal, normalHostName } from "./hosts";

const allowed = allowedHostNames("https://myzel.example.com", ["ops.internal"]);

describe("the Host a request names", () => {
  it("is accepted for the public URL's host, configured names, localhost and IP addresses, on any port", () => {
    for (const host of [
      "myzel.example.com",
      "MYZEL.example.com:443",
      "myzel.example.com.",
      "ops.internal:3000",
      "localhost:3000",
      "127.0.0.1:3000",
      "10.1.2.3",
      "[::1]:3000",
      "[2001:db8::1]",
    ])
      expect(hostRefusal(host, allowed), host).toBeNull();
  });

  it("is refused with 421 for any other name: a rebinding site names itself", () => {
    expect(hostRefusal("evil.example:3000", allowed)).toEqual({
      status: 421,
      message:
        'this server does not answer to the host "evil.example"; add it to MYZEL_ALLOWED_HOSTS or set MYZEL_PUBLIC_URL',
    });
    expect(hostRefusal("myzel.example.com.evil.example", allowed)?.status).toBe(421);
    expect(hostRefusal("sub.myzel.example.com", allowed)?.status).toBe(421);
  });

  it("is refused with 400 when malformed or missing", () => {
    for (const host of [
      undefined,
      "",
      "a b",
      "evil.example/path",
      "user@myzel.example.com",
      "myzel.example.com:99999",
      "myzel.example.com:port",
      "myzel.example.com:",
      "[zz::1]",
      "[::1",
      "::1",
      "-bad.example",
      "a..b",
      "%65vil.example",
      "x".repeat(300),
    ])
      expect(hostRefusal(host, allowed)?.status, JSON.stringify(host)).toBe(400);
  });

  it("reads names, ports and bracketed IPv6 addresses", () => {
    expect(hostNameOf("Myzel.Example.com:8080")).toBe("myzel.example.com");
    expect(hostNameOf("[2001:DB8::1]:8080")).toBe("[2001:db8::1]");
    expect(normalHostName("docker_service")).toBe("docker_service");
    expect(normalHostName("https://myzel.example.com")).toBeNull();
  });
});

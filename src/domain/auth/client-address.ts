/**
 * Who is on the other end of a request, for rate limits and the audit log. The TCP peer is
 * the client unless it is a trusted proxy; then `X-Forwarded-For` is read from the right
 * (each proxy appends the address it saw), skipping trusted proxies, and the first address
 * no trusted proxy vouches for is the client. Anything left of it could be made up.
 */
import { isIpv4, isIpv6 } from "./hosts";

/** An address as Node reports it (`::ffff:1.2.3.4` is 1.2.3.4), or null when it is none. */
export function normalAddress(value: string): string | null {
  const address = value.trim().toLowerCase();
  const unmapped = address.startsWith("::ffff:") && isIpv4(address.slice(7)) ? address.slice(7) : address;
  return isIpv4(unmapped) || isIpv6(unmapped) ? unmapped : null;
}

export function clientAddress(
  peer: string,
  forwardedFor: string | undefined,
  trusted: (address: string) => boolean,
): string {
  let address = normalAddress(peer) ?? peer;
  if (!forwardedFor || !trusted(address)) return address;
  const hops = forwardedFor.split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalAddress(hops[i]!);
    // A malformed entry: the proxy that passed it on is as far as anyone can see.
    if (hop === null) return address;
    address = hop;
    if (!trusted(hop)) return hop;
  }
  return address;
}

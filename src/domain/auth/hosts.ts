/**
 * Which `Host` a request may name. A browser tricked by DNS rebinding (a name the attacker
 * controls, pointed at Myzel's address) sends that name as the Host, and would then treat
 * Myzel as part of the attacker's site; refusing names Myzel was not told about stops it.
 * `localhost` and IP addresses are always accepted: no other site can make a browser use them
 * for its pages. Ports are not compared (the listening socket already chose the port).
 */
export type HostRefusal = { status: 400 | 421; message: string };

const LABEL = "[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?";
const NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

export function isIpv6(value: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(value) || !value.includes(":")) return false;
  try {
    return new URL(`http://[${value}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/** A host name as written in settings (no port, no scheme), or null when it is none. */
export function normalHostName(value: string): string | null {
  const name = value.trim().toLowerCase().replace(/\.$/, "");
  if (name.startsWith("[") && name.endsWith("]")) return isIpv6(name.slice(1, -1)) ? name : null;
  return NAME.test(name) ? name : null;
}

/** The host name of a Host header (`name`, `name:port`, `[v6]:port`), or null when malformed. */
export function hostNameOf(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim());
  if (!match || (match[2] !== undefined && Number(match[2]) > 65535)) return null;
  return normalHostName(match[1]!);
}

/** Why a request naming `header` as its Host is refused, or null when Myzel answers to it. */
export function hostRefusal(header: string | undefined, allowed: ReadonlySet<string>): HostRefusal | null {
  const name = hostNameOf(header);
  if (name === null) return { status: 400, message: `malformed Host header: ${JSON.stringify(header ?? "")}` };
  if (name === "localhost" || isIpv4(name) || name.startsWith("[") || allowed.has(name)) return null;
  return {
    status: 421,
    message: `this server does not answer to the host "${name}"; add it to MYZEL_ALLOWED_HOSTS or set MYZEL_PUBLIC_URL`,
  };
}

/** The names a server answers to: its public URL's host and the configured ones. */
export function allowedHostNames(publicUrl: string, configured: readonly string[] = []): Set<string> {
  return new Set([new URL(publicUrl).hostname.toLowerCase(), ...configured]);
}

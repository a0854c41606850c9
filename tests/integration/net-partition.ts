/**
 * A real network for partition tests: a network namespace with its own address, joined to
 * this host by a veth pair, and TCP forwarders on the host's end of the link to the test's
 * Redis and PostgreSQL (they listen on loopback only). `cut()` drops every packet on the link
 * with iptables inside the namespace (or, given a forwarder's port, only that link); `heal()`
 * removes the rule. Needs root, iproute2, iptables.
 */
import { execFileSync } from "node:child_process";
import net from "node:net";

export interface NetNamespace {
  name: string;
  /** The host's address on the link: what processes in the namespace connect to. */
  hostAddress: string;
  /** The namespace's own address: where the host reaches a server listening inside. */
  address: string;
  /** A command prefix that runs a program inside the namespace. */
  exec: string[];
  /** A URL whose host:port is forwarded over the link to `url`'s own host and port. */
  forward(url: string): Promise<string>;
  /** Drops every packet on the link, or only those to and from one forwarded port. */
  cut(port?: number): void;
  heal(port?: number): void;
  remove(): Promise<void>;
}

const sh = (...argv: string[]) => execFileSync(argv[0]!, argv.slice(1), { stdio: "pipe" }).toString();

export async function createNetNamespace(tag: string): Promise<NetNamespace> {
  const n = (process.pid % 200) + 20;
  const name = `myzel-${tag}-${process.pid}`;
  const hostIf = `mz${n}h`;
  const nsIf = `mz${n}n`;
  const hostAddress = `10.231.${n}.1`;
  const nsAddress = `10.231.${n}.2`;
  sh("ip", "netns", "add", name);
  sh("ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
  sh("ip", "link", "set", nsIf, "netns", name);
  sh("ip", "addr", "add", `${hostAddress}/30`, "dev", hostIf);
  sh("ip", "link", "set", hostIf, "up");
  sh("ip", "netns", "exec", name, "ip", "addr", "add", `${nsAddress}/30`, "dev", nsIf);
  sh("ip", "netns", "exec", name, "ip", "link", "set", nsIf, "up");
  sh("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  const rules = (port?: number) => {
    const only = (direction: "--dport" | "--sport") =>
      port === undefined ? [] : ["-p", "tcp", direction, String(port)];
    return [
      ["OUTPUT", "-d", hostAddress, ...only("--dport"), "-j", "DROP"],
      ["INPUT", "-s", hostAddress, ...only("--sport"), "-j", "DROP"],
    ];
  };
  return {
    name,
    hostAddress,
    address: nsAddress,
    exec: ["ip", "netns", "exec", name],
    async forward(url: string) {
      const target = new URL(url);
      const server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => server.listen(0, hostAddress, resolve));
      servers.push(server);
      const forwarded = new URL(url);
      forwarded.hostname = hostAddress;
      forwarded.port = String((server.address() as net.AddressInfo).port);
      return forwarded.toString();
    },
    cut(port?: number) {
      for (const rule of rules(port)) sh("ip", "netns", "exec", name, "iptables", "-A", ...rule);
    },
    heal(port?: number) {
      for (const rule of rules(port)) sh("ip", "netns", "exec", name, "iptables", "-D", ...rule);
    },
    async remove() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
      try {
        sh("ip", "link", "del", hostIf);
      } catch {
        /* gone with the namespace */
      }
      sh("ip", "netns", "del", name);
    },
  };
}

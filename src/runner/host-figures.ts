/** What a runner tells about its host with each beat: load and memory, and its address once. */
import os from "node:os";

export function hostFigures() {
  const cores = Math.max(1, os.cpus().length);
  return {
    cpuPercent: Math.round((os.loadavg()[0]! / cores) * 1000) / 10,
    memoryUsedMb: Math.round((os.totalmem() - os.freemem()) / 1048576),
    memoryTotalMb: Math.round(os.totalmem() / 1048576),
  };
}

/** The first non-internal IPv4 address (what other hosts reach it by), or null on a host without one. */
export function hostAddress(): string | null {
  for (const addresses of Object.values(os.networkInterfaces()))
    for (const address of addresses ?? []) if (address.family === "IPv4" && !address.internal) return address.address;
  return null;
}

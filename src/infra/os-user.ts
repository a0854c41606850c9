import { readFileSync } from "node:fs";

/** uid and gid of an OS user from /etc/passwd, or undefined when there is no such user. */
export function lookupUser(name: string): { uid: number; gid: number } | undefined {
  const entry = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .map((line) => line.split(":"))
    .find((fields) => fields[0] === name);
  return entry ? { uid: Number(entry[2]), gid: Number(entry[3]) } : undefined;
}

export const runningAsRoot = () => process.getuid?.() === 0;

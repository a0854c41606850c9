import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigFileError, configPath, readConfig, writeConfig } from "./config-file";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "myzel-cli-config-"));
  dirs.push(dir);
  return path.join(dir, "myzel");
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the config file", () => {
  it("is readable by its owner alone and reads back what was written", () => {
    const dir = tempDir();
    const file = writeConfig(dir, { url: "http://myzel.example:3000", token: "myzel_secret" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readConfig(dir)).toEqual({ url: "http://myzel.example:3000", token: "myzel_secret" });
  });

  it("is empty when missing, and a broken one is named with what is wrong", () => {
    const dir = tempDir();
    expect(readConfig(dir)).toEqual({});
    writeConfig(dir, {});
    writeFileSync(configPath(dir), JSON.stringify({ url: "not a url" }));
    expect(() => readConfig(dir)).toThrow(ConfigFileError);
    expect(() => readConfig(dir)).toThrow(/url/);
    writeFileSync(configPath(dir), "{");
    expect(() => readConfig(dir)).toThrow(/not JSON/);
  });
});

import { describe, expect, it } from "vitest";
import { ConfigError, childProcessEnv, isServerSecret, loadSettings, passThroughEnv } from "./env";

describe("settings", () => {
  it("has a default for everything", () => {
    const settings = loadSettings({}, "/srv/myzel");
    expect(settings).toMatchObject({
      PORT: 3000,
      AUTO_SCALE_ENABLED: true,
      MAX_CLUSTERS: 50,
      IDLE_TIMEOUT: 3600,
      HIBERNATION_ENABLED: true,
      HIBERNATION_TYPES: ["department", "project", "temporary"],
      dataDir: "/srv/myzel/.data",
      blueprintsDir: "/srv/myzel/blueprints",
    });
    expect(settings.DATABASE_URL).toBeUndefined();
  });

  it("reads MYZEL_ names and the seed's CLUSTER_ names, MYZEL_ winning", () => {
    const settings = loadSettings({
      CLUSTER_MAX_CLUSTERS: "7",
      CLUSTER_IDLE_TIMEOUT: "60",
      MYZEL_IDLE_TIMEOUT: "90",
      MYZEL_HIBERNATION_ENABLED: "no",
    });
    expect(settings.MAX_CLUSTERS).toBe(7);
    expect(settings.IDLE_TIMEOUT).toBe(90);
    expect(settings.HIBERNATION_ENABLED).toBe(false);
  });

  it("names every bad variable and its value", () => {
    try {
      loadSettings({ MYZEL_PORT: "eighty", CLUSTER_AUTO_SCALE_ENABLED: "maybe", DATABASE_URL: "mysql://x" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join("\n");
      expect(problems).toContain('MYZEL_PORT="eighty"');
      expect(problems).toContain('CLUSTER_AUTO_SCALE_ENABLED="maybe": expected true or false');
      expect(problems).toContain("DATABASE_URL: expected a URL starting with postgres://");
    }
  });

  it("reads the cluster types that hibernate as a list, refusing persistent ones", () => {
    expect(loadSettings({ MYZEL_HIBERNATION_TYPES: "project, temporary" }).HIBERNATION_TYPES).toEqual([
      "project",
      "temporary",
    ]);
    expect(() => loadSettings({ MYZEL_HIBERNATION_TYPES: "project,persistent" })).toThrow(
      /MYZEL_HIBERNATION_TYPES="project,persistent".*department, project, temporary/s,
    );
  });

  it("gives agents working folders outside the data folder, which they cannot enter", () => {
    expect(loadSettings({ MYZEL_AGENT_HOME: "agents" }, "/srv/myzel").agentHomeDir).toBe("/srv/myzel/agents");
    expect(loadSettings({}, "/srv/myzel").agentHomeDir).toMatch(/\/myzel-agents\/work$/);
    expect(() => loadSettings({ MYZEL_AGENT_HOME: ".data/agents" }, "/srv/myzel")).toThrow(
      /MYZEL_AGENT_HOME="\/srv\/myzel\/.data\/agents": must be outside the data folder \/srv\/myzel\/.data/,
    );
  });

  it("reads allowed hosts and trusted proxies as lists, refusing what they cannot be", () => {
    const settings = loadSettings({
      MYZEL_ALLOWED_HOSTS: "Myzel.Example.com, ops.internal",
      MYZEL_TRUSTED_PROXIES: "10.0.0.1, 172.16.0.0/12, fd00::/8",
    });
    expect(settings.ALLOWED_HOSTS).toEqual(["myzel.example.com", "ops.internal"]);
    expect(settings.TRUSTED_PROXIES).toEqual(["10.0.0.1", "172.16.0.0/12", "fd00::/8"]);
    expect(loadSettings({}).TRUSTED_PROXIES).toEqual([]);
    expect(() => loadSettings({ MYZEL_ALLOWED_HOSTS: "https://myzel.example.com" })).toThrow(
      /MYZEL_ALLOWED_HOSTS="https:\/\/myzel.example.com": "https:\/\/myzel.example.com" is no host name/,
    );
    for (const bad of ["10.0.0.300", "10.0.0.0/33", "proxy.internal", "10.0.0.0/8/1", "fd00::/129"])
      expect(() => loadSettings({ MYZEL_TRUSTED_PROXIES: bad }), bad).toThrow(/MYZEL_TRUSTED_PROXIES.*CIDR/);
  });

  it("reads the origins allowed to call with a token as exact origins, refusing wildcards and paths", () => {
    const settings = loadSettings({ MYZEL_CORS_ORIGINS: "https://App.example.com, http://localhost:5173" });
    expect(settings.CORS_ORIGINS).toEqual(["https://app.example.com", "http://localhost:5173"]);
    expect(loadSettings({}).CORS_ORIGINS).toEqual([]);
    expect(() => loadSettings({ MYZEL_CORS_ORIGINS: "*" })).toThrow(/MYZEL_CORS_ORIGINS.*is no origin/);
    expect(() => loadSettings({ MYZEL_CORS_ORIGINS: "https://app.example.com/ui" })).toThrow(
      /MYZEL_CORS_ORIGINS.*no path or trailing slash/,
    );
  });

  it("treats empty values as unset", () => {
    expect(loadSettings({ MYZEL_PORT: "", REDIS_URL: " " }).PORT).toBe(3000);
  });
});

describe("secrets of the server", () => {
  it("never reach a process Myzel starts, even when a blueprint names them", () => {
    const source = {
      MYZEL_AUTH_SECRET: "s".repeat(40),
      CLUSTER_ADMIN_PASSWORD: "p".repeat(12),
      DATABASE_URL: "postgres://x",
      OPENAI_API_KEY: "sk-1",
    };
    expect(
      passThroughEnv(["MYZEL_AUTH_SECRET", "CLUSTER_ADMIN_PASSWORD", "DATABASE_URL", "OPENAI_API_KEY"], source),
    ).toEqual({ OPENAI_API_KEY: "sk-1" });
    const saved = { ...process.env };
    try {
      Object.assign(process.env, source);
      const env = childProcessEnv({ EXTRA: "1" });
      expect(Object.keys(env).filter((name) => isServerSecret(name) || name === "OPENAI_API_KEY")).toEqual([]);
      expect(env.EXTRA).toBe("1");
    } finally {
      for (const name of Object.keys(source)) if (!(name in saved)) delete process.env[name];
    }
  });

  it("are not repeated in a configuration error", () => {
    try {
      loadSettings({ MYZEL_AUTH_SECRET: "too-short-secret", MYZEL_ADMIN_EMAIL: "a@b.example" });
      expect.unreachable();
    } catch (error) {
      const problems = (error as ConfigError).problems.join("\n");
      expect(problems).toContain("MYZEL_AUTH_SECRET=(hidden): at least 32 characters");
      expect(problems).not.toContain("too-short-secret");
    }
  });

  it("need both of the first admin's email and password", () => {
    expect(() => loadSettings({ MYZEL_ADMIN_EMAIL: "a@b.example" })).toThrow("set both, or neither");
    expect(loadSettings({ MYZEL_ADMIN_EMAIL: "a@b.example", MYZEL_ADMIN_PASSWORD: "long-enough-pw" }).ADMIN_EMAIL).toBe(
      "a@b.example",
    );
  });
});

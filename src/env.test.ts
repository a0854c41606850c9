import { describe, expect, it } from "vitest";
import { ConfigError, loadSettings } from "./env";

describe("settings", () => {
  it("has a default for everything", () => {
    const settings = loadSettings({}, "/srv/myzel");
    expect(settings).toMatchObject({
      PORT: 3000,
      AUTO_SCALE_ENABLED: true,
      MAX_CLUSTERS: 50,
      IDLE_TIMEOUT: 3600,
      HIBERNATION_ENABLED: true,
      dataDir: "/srv/myzel/.data",
      blueprintsDir: "/srv/myzel/blueprints",
    });
    expect(settings.DATABASE_URL).toBeUndefined();
  });

  it("reads MYZEL_ names and the seed's CLUSTER_ names, MYZEL_ winning", () => {
    const settings = loadSettings({ CLUSTER_MAX_CLUSTERS: "7", CLUSTER_IDLE_TIMEOUT: "60", MYZEL_IDLE_TIMEOUT: "90", MYZEL_HIBERNATION_ENABLED: "no" });
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

  it("treats empty values as unset", () => {
    expect(loadSettings({ MYZEL_PORT: "", REDIS_URL: " " }).PORT).toBe(3000);
  });
});

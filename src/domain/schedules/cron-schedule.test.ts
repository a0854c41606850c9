import { describe, expect, it } from "vitest";
import { cronProblem, nextRunAfter, RUN_ALL_CAP, runsDue, timezoneProblem } from "./cron-schedule";

const at = (iso: string) => new Date(iso);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("cron expressions", () => {
  it("takes 5 fields, or 6 with seconds first", () => {
    expect(cronProblem("*/5 * * * *")).toBeNull();
    expect(cronProblem("0 9 * * 1-5")).toBeNull();
    expect(cronProblem("*/10 * * * * *")).toBeNull();
  });

  it("says what is wrong", () => {
    expect(cronProblem("* * * *")).toMatch(/5 fields .* has 4/);
    expect(cronProblem("* * * * * * *")).toMatch(/has 7/);
    expect(cronProblem("61 * * * *")).toMatch(/minute: 61/);
    expect(cronProblem("every day")).toMatch(/has 2/);
    expect(cronProblem("a b c d e")).toMatch(/illegal characters/);
    expect(cronProblem("0 0 31 2 *")).toMatch(/never fires/);
  });

  it("knows IANA timezones and refuses others", () => {
    expect(timezoneProblem("UTC")).toBeNull();
    expect(timezoneProblem("Europe/Berlin")).toBeNull();
    expect(timezoneProblem("Mars/Olympus")).toMatch(/not an IANA timezone/);
  });

  it("reads the expression in its timezone", () => {
    const spec = { cron: "0 9 * * *", timezone: "Europe/Berlin" };
    // 09:00 in Berlin is 08:00 UTC in winter.
    expect(nextRunAfter(spec, at("2026-01-10T00:00:00Z"))?.toISOString()).toBe("2026-01-10T08:00:00.000Z");
    expect(nextRunAfter({ ...spec, timezone: "UTC" }, at("2026-01-10T00:00:00Z"))?.toISOString()).toBe(
      "2026-01-10T09:00:00.000Z",
    );
  });
});

describe("runs due", () => {
  const hourly = { cron: "0 * * * *", timezone: "UTC" };

  it("runs the run that is due now, whatever the policy", () => {
    for (const policy of ["skip", "run_once", "run_all"] as const) {
      const due = runsDue({
        ...hourly,
        policy,
        lastPlannedAt: at("2026-01-01T09:00:00Z"),
        now: at("2026-01-01T10:00:00.020Z"),
      });
      expect(iso(due.run)).toEqual(["2026-01-01T10:00:00.000Z"]);
      expect(due.skipped).toEqual([]);
      expect(due.newest?.toISOString()).toBe("2026-01-01T10:00:00.000Z");
    }
  });

  it("has nothing to do before the next planned time, or twice for the same time", () => {
    const due = runsDue({
      ...hourly,
      policy: "run_all",
      lastPlannedAt: at("2026-01-01T10:00:00Z"),
      now: at("2026-01-01T10:59:59Z"),
    });
    expect(due).toEqual({ run: [], skipped: [], moreSkipped: false, newest: null });
  });

  // Down from 07:30 to 10:20: runs at 08:00, 09:00 and 10:00 were missed, none is on time.
  const outage = { ...hourly, lastPlannedAt: at("2026-01-01T07:00:00Z"), now: at("2026-01-01T10:20:00Z") };

  it("skip: runs none of the missed runs", () => {
    const due = runsDue({ ...outage, policy: "skip" });
    expect(due.run).toEqual([]);
    expect(iso(due.skipped)).toEqual([
      "2026-01-01T10:00:00.000Z",
      "2026-01-01T09:00:00.000Z",
      "2026-01-01T08:00:00.000Z",
    ]);
    expect(due.newest?.toISOString()).toBe("2026-01-01T10:00:00.000Z");
  });

  it("run_once: runs the newest missed run once", () => {
    const due = runsDue({ ...outage, policy: "run_once" });
    expect(iso(due.run)).toEqual(["2026-01-01T10:00:00.000Z"]);
    expect(iso(due.skipped)).toEqual(["2026-01-01T09:00:00.000Z", "2026-01-01T08:00:00.000Z"]);
  });

  it("run_all: runs every missed run, oldest first", () => {
    const due = runsDue({ ...outage, policy: "run_all" });
    expect(iso(due.run)).toEqual(["2026-01-01T08:00:00.000Z", "2026-01-01T09:00:00.000Z", "2026-01-01T10:00:00.000Z"]);
    expect(due.skipped).toEqual([]);
  });

  it("run_once: a run on time now is the one run after an outage", () => {
    const due = runsDue({ ...outage, now: at("2026-01-01T10:00:01Z"), policy: "run_once" });
    expect(iso(due.run)).toEqual(["2026-01-01T10:00:00.000Z"]);
    expect(iso(due.skipped)).toEqual(["2026-01-01T09:00:00.000Z", "2026-01-01T08:00:00.000Z"]);
  });

  it(`run_all: at most ${RUN_ALL_CAP} missed runs, the newest, and says more were skipped`, () => {
    const everySecond = { cron: "* * * * * *", timezone: "UTC" };
    const due = runsDue({
      ...everySecond,
      policy: "run_all",
      lastPlannedAt: at("2026-01-01T00:00:00Z"),
      now: at("2026-01-01T01:00:00.500Z"),
    });
    // The on-time run (01:00:00) and the 100 missed before it.
    expect(due.run).toHaveLength(RUN_ALL_CAP + 1);
    expect(due.run[0]?.toISOString()).toBe("2026-01-01T00:58:20.000Z");
    expect(due.run.at(-1)?.toISOString()).toBe("2026-01-01T01:00:00.000Z");
    expect(due.moreSkipped).toBe(true);
  });

  it("counts planned times in the schedule's timezone", () => {
    const due = runsDue({
      cron: "0 9 * * *",
      timezone: "America/New_York",
      policy: "run_all",
      lastPlannedAt: at("2026-01-01T00:00:00Z"),
      now: at("2026-01-03T15:00:00Z"),
    });
    expect(iso(due.run)).toEqual(["2026-01-01T14:00:00.000Z", "2026-01-02T14:00:00.000Z", "2026-01-03T14:00:00.000Z"]);
  });
});

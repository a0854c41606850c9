import { describe, expect, it } from "vitest";
import { exposition } from "./exposition";

describe("exposition", () => {
  it("writes counters and gauges with HELP, TYPE and escaped label values", () => {
    const text = exposition([
      {
        type: "counter",
        name: "myzel_tasks_total",
        help: "Tasks finished\nby outcome",
        samples: [{ labels: { cluster: 'a"b\\c', outcome: "failed" }, value: 3 }],
      },
      { type: "gauge", name: "myzel_leader_epoch", help: "Epoch", samples: [{ labels: {}, value: 7 }] },
    ]);
    expect(text).toBe(
      [
        "# HELP myzel_tasks_total Tasks finished\\nby outcome",
        "# TYPE myzel_tasks_total counter",
        'myzel_tasks_total{cluster="a\\"b\\\\c",outcome="failed"} 3',
        "# HELP myzel_leader_epoch Epoch",
        "# TYPE myzel_leader_epoch gauge",
        "myzel_leader_epoch 7",
        "",
      ].join("\n"),
    );
  });

  it("writes a histogram's cumulative buckets, +Inf, sum and count", () => {
    const text = exposition([
      {
        type: "histogram",
        name: "myzel_task_duration_seconds",
        help: "Run time",
        buckets: [0.1, 1],
        series: [{ labels: { cluster: "c" }, cumulative: [1, 2], count: 3, sum: 4.5 }],
      },
    ]);
    expect(text).toContain('myzel_task_duration_seconds_bucket{cluster="c",le="0.1"} 1');
    expect(text).toContain('myzel_task_duration_seconds_bucket{cluster="c",le="1"} 2');
    expect(text).toContain('myzel_task_duration_seconds_bucket{cluster="c",le="+Inf"} 3');
    expect(text).toContain('myzel_task_duration_seconds_sum{cluster="c"} 4.5');
    expect(text).toContain('myzel_task_duration_seconds_count{cluster="c"} 3');
  });
});

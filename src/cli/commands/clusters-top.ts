/**
 * `myzel clusters top <cluster>`: the cluster live, from its event stream. One snapshot at
 * the start (cluster, agents, newest sample); after that only events change the screen. In a
 * terminal it repaints the rows that changed; piped, it prints each new screen (with --json,
 * one state per line). Ctrl-C (or SIGTERM) ends it with exit 0.
 */
import type { Command } from "commander";
import { act } from "../command-kit";
import type { CliContext } from "../context";
import { EXIT } from "../exit-codes";
import { paintStatus } from "../output";
import { fullScreen, HIDE_CURSOR, SHOW_CURSOR, screenDiff } from "../screen-diff";
import { applyTopEvent, initialTopState, type TopState, topLines } from "../top-state";
import { clusterIdOf } from "../waiting";

export function clustersTopCommand(clusters: Command): void {
  clusters
    .command("top <cluster>")
    .description("the cluster live: agents, their tasks, queue and recent events")
    .option("--once", "print the current screen and exit")
    .action(
      act<{ once?: boolean }>(async (ctx, options, reference) => {
        const id = await clusterIdOf(ctx, reference);
        // Subscribed before the snapshot is read, so nothing that happens in between is missed.
        const events = options.once ? null : ctx.client.events({ clusterId: id });
        let state = await snapshot(ctx, id);
        const screen = new TopScreen(ctx);
        screen.draw(state);
        if (!events) return EXIT.ok;
        const stop = () => events.close();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        try {
          for await (const message of events) {
            state = message.type === "resync" ? { ...state, stale: true } : applyTopEvent(state, message);
            screen.draw(state);
          }
        } finally {
          screen.end();
        }
        return EXIT.ok;
      }),
    );
}

async function snapshot(ctx: CliContext, id: string): Promise<TopState> {
  const [cluster, agents, metrics] = await Promise.all([
    ctx.client.clusters.get.query({ id }),
    ctx.client.agents.list.query({ id }),
    ctx.client.agents.metrics.query({ id, limit: 1 }),
  ]);
  return initialTopState(cluster, agents, metrics.samples.at(-1) ?? null);
}

/** Where the frames go: the terminal (diffed rows), a pipe (whole frames), or JSON lines. */
class TopScreen {
  private shown: string[] = [];
  private readonly live: boolean;

  constructor(private readonly ctx: CliContext) {
    this.live = ctx.io.isTty && !ctx.json;
    if (this.live) process.stdout.on("resize", () => this.redraw());
  }

  private last?: TopState;

  draw(state: TopState): void {
    this.last = state;
    if (this.ctx.json) {
      this.ctx.io.out(JSON.stringify(state));
      return;
    }
    const rows = topLines(state);
    if (!this.live) {
      if (rows.join("\n") !== this.shown.join("\n")) this.ctx.io.out(`${rows.join("\n")}\n`);
    } else if (this.shown.length === 0) {
      process.stdout.write(HIDE_CURSOR + fullScreen(rows, (row) => this.paint(row)));
    } else {
      process.stdout.write(screenDiff(this.shown, rows, (row) => this.paint(row)));
    }
    this.shown = rows;
  }

  end(): void {
    if (this.live) process.stdout.write(`\u001b[${this.shown.length + 1};1H${SHOW_CURSOR}\n`);
  }

  private redraw(): void {
    this.shown = [];
    if (this.last) this.draw(this.last);
  }

  /** Statuses in colour; the comparison of rows is done on the plain text. */
  private paint(row: string): string {
    return row.replace(
      /\b(ACTIVE|SCALING_UP|SCALING_DOWN|HIBERNATED|SPAWNING|IDLE|BUSY|STARTING|FAILED|open|half_open)\b/g,
      (status) => paintStatus(status, this.ctx.colors),
    );
  }
}

/**
 * One live session: a tool process and the prompts written to it, one at a time. Each
 * exchange writes the framed prompt (and the sentinel command, if the role uses one) and reads
 * until the answer's end; errors the tool prints and the tool's death fail the exchange.
 * An interrupted exchange (cancel, timeout) sends Ctrl-C and waits for the tool to answer a
 * sentinel again before the next prompt; a tool that does not come back is killed.
 */
import { randomBytes } from "node:crypto";
import { answerEnd, cleanAnswer, errorIn, frame, stripAnsi, stripMatches } from "../../../domain/sessions/answer";
import type { AnswerEnd } from "../../../schemas/blueprint-sessions";
import { PermanentTaskError } from "../runtime";
import { startTool, type ToolLaunch, type ToolProcess } from "./tool-process";

export interface SessionSettings extends ToolLaunch {
  answerEnd: AnswerEnd;
  framing: string;
  errorPatterns: string[];
  stripPatterns: string[];
  maxOutputBytes: number;
  /** Per prompt; the task's own deadline may end it sooner. */
  timeoutMs: number;
}

/** How long a new tool may take to answer its first sentinel or show its prompt. */
const START_TIMEOUT_MS = 30_000;
/** How long an interrupted tool may take to answer again before it is killed. */
const RECOVERY_TIMEOUT_MS = 5_000;

export class ToolExitedError extends PermanentTaskError {}

interface Exchange {
  feed(chunk: string): void;
  fail(error: Error): void;
  exited(code: number | null, signal: string | null): void;
}

export class LiveSession {
  readonly startedAt = Date.now();
  lastUsedAt = Date.now();
  turns = 0;
  busy = false;
  exit?: { code: number | null; signal: string | null };
  private exchange?: Exchange;
  private queue: Promise<unknown> = Promise.resolve();
  private closing = false;
  private interrupted = false;

  private constructor(
    readonly key: string,
    private readonly tool: ToolProcess,
    private readonly settings: SessionSettings,
  ) {}

  get pid(): number {
    return this.tool.pid;
  }

  get alive(): boolean {
    return !this.exit;
  }

  /** Starts the tool and waits until it is ready for a first prompt. */
  static async open(
    key: string,
    settings: SessionSettings,
    onExit: (session: LiveSession, code: number | null, signal: string | null, expected: boolean) => void,
  ): Promise<LiveSession> {
    const session = new LiveSession(key, await startTool(settings), settings);
    session.tool.onData((chunk) => {
      try {
        session.exchange?.feed(chunk);
      } catch (error) {
        // A role's pattern that throws on this output must fail the prompt, not the agent.
        session.exchange?.fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
    session.tool.onExit((code, signal) => {
      session.exit = { code, signal };
      session.exchange?.exited(code, signal);
      onExit(session, code, signal, session.closing);
    });
    try {
      await session.ready(START_TIMEOUT_MS);
    } catch (error) {
      session.close();
      throw error instanceof ToolExitedError
        ? new PermanentTaskError(`${settings.argv[0]} did not start: ${error.message}`)
        : error;
    }
    return session;
  }

  /** Writes a prompt and resolves with the tool's answer; answers are read in prompt order. */
  ask(prompt: string, signal: AbortSignal): Promise<string> {
    const run = this.queue.then(() => this.answer(prompt, signal));
    // An interrupted exchange is recovered before the next prompt is written.
    this.queue = run.catch(() => {}).then(() => (this.interrupted ? this.recover() : undefined));
    return run;
  }

  close(): void {
    this.closing = true;
    if (this.alive) this.tool.kill();
  }

  private async answer(prompt: string, signal: AbortSignal): Promise<string> {
    if (!this.alive) throw this.exitError("");
    this.busy = true;
    this.lastUsedAt = Date.now();
    try {
      const { raw, written } = await this.write(prompt, signal, this.settings.timeoutMs);
      const answer = cleanAnswer(raw, {
        stripPatterns: this.settings.stripPatterns,
        echoed: this.settings.pty ? written.split("\n") : undefined,
      });
      const error = errorIn(answer, this.settings.errorPatterns);
      if (error !== undefined)
        throw new PermanentTaskError(`${this.settings.argv[0]} reported an error: ${error}\n${answer.slice(-2000)}`);
      this.turns++;
      return answer;
    } catch (error) {
      if (signal.aborted) this.interrupted = true;
      throw error;
    } finally {
      this.busy = false;
      this.lastUsedAt = Date.now();
    }
  }

  /** Ctrl-C, then a sentinel (or prompt) it must answer; a tool that does not is killed. */
  private async recover(): Promise<void> {
    this.interrupted = false;
    if (!this.alive) return;
    this.tool.interrupt();
    try {
      await this.ready(RECOVERY_TIMEOUT_MS);
    } catch {
      this.tool.kill();
    }
  }

  /** Ready for a prompt: the sentinel answered, the prompt shown, or a quiet period passed. */
  private async ready(timeoutMs: number): Promise<void> {
    const end = this.settings.answerEnd;
    if (end.type === "sentinel") await this.write("", new AbortController().signal, timeoutMs);
    else await this.read(undefined, new AbortController().signal, timeoutMs);
  }

  private async write(prompt: string, signal: AbortSignal, timeoutMs: number) {
    const marker = `__MYZEL_END_${randomBytes(8).toString("hex")}__`;
    const written = frame(this.settings.framing, prompt, this.settings.answerEnd, marker);
    return { raw: await this.read({ text: written, marker }, signal, timeoutMs), written };
  }

  /** Reads one answer, after writing `input` if given. */
  private read(
    input: { text: string; marker: string } | undefined,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<string> {
    const { answerEnd: end, maxOutputBytes } = this.settings;
    const marker = input?.marker ?? "";
    return new Promise<string>((resolve, reject) => {
      let raw = "";
      let quietTimer: NodeJS.Timeout | undefined;
      const finish = (error: Error | undefined, text = "") => {
        if (this.exchange !== exchange) return;
        this.exchange = undefined;
        clearTimeout(timer);
        clearTimeout(quietTimer);
        signal.removeEventListener("abort", onAbort);
        if (error) reject(error);
        else resolve(text);
      };
      const quiet = () => {
        clearTimeout(quietTimer);
        if (end.type === "quiet") quietTimer = setTimeout(() => finish(undefined, stripAnsi(raw)), end.ms);
      };
      const exchange: Exchange = {
        feed: (chunk) => {
          raw += chunk;
          if (Buffer.byteLength(raw) > maxOutputBytes)
            return finish(new PermanentTaskError(`the session's answer exceeded ${maxOutputBytes} bytes`));
          if (end.type === "quiet") return quiet();
          // Prompts printed before the sentinel's line (python's ">>> ") must not hide it.
          const text =
            end.type === "sentinel" ? stripMatches(stripAnsi(raw), this.settings.stripPatterns) : stripAnsi(raw);
          const at = answerEnd(text, end, marker);
          if (at >= 0) finish(undefined, text.slice(0, at));
        },
        fail: (error) => finish(error),
        exited: (code, signal) => finish(this.exitError(stripAnsi(raw), code, signal)),
      };
      const timer = setTimeout(
        () => finish(new Error(`the session's tool gave no complete answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onAbort = () => finish(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      this.exchange = exchange;
      if (input) this.tool.write(input.text);
      quiet();
    });
  }

  private exitError(
    output: string,
    code = this.exit?.code ?? null,
    signal = this.exit?.signal ?? null,
  ): ToolExitedError {
    const tail = output.trim().slice(-2000);
    return new ToolExitedError(
      `${this.settings.argv[0]} exited with ${code ?? signal} during the session${tail ? `: ${tail}` : ""}`,
    );
  }
}

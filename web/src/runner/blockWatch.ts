// Tells the page, while a run goes, that the sandbox's thread has stopped
// answering: one piece of the snippet has kept it for over a second, so
// neither loop can run (the talk's busy-wait; `while (true) {}` never ends).
// The sandbox cannot say so itself while it is blocked (it reports a blocked
// turn once the turn ends), and the page cannot tell a blocked worker from an
// idle one by silence alone: a paused loop, or one waiting on a long timer,
// sends nothing either. So the page asks: a `ping` the worker answers with a
// `pong` from its own event loop, which only a free thread can do.

/** How often the watch looks (and asks again once answered). */
export const CHECK_EVERY_MS = 250;
/** How long an unanswered ping means blocked: longer than a worker takes to start a run, even a slow one. */
export const BLOCKED_AFTER_MS = 1000;

export interface BlockWatchOptions {
  /** Ask the sandbox to answer (the runner sends `ping`; the worker sends `pong`). */
  ping(): void;
  /** The sandbox has stopped answering (true), or answers again (false). */
  onChange(blocked: boolean): void;
  now?(): number;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(timer: unknown): void;
}

export class BlockWatch {
  /** When the unanswered ping went out; null when none is waiting. */
  private askedAt: number | null = null;
  private reported = false;
  private timer: unknown = null;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly o: BlockWatchOptions) {
    this.now = o.now ?? (() => performance.now());
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  /** Starts watching a run (after its `run` message went out, so the ping reaches its worker). */
  start() {
    this.stop();
    this.look();
  }

  /** The sandbox answered the ping. */
  answered() {
    this.askedAt = null;
    if (this.reported) {
      this.reported = false;
      this.o.onChange(false);
    }
  }

  /** The run ended or was stopped: no more pings, and nothing more is reported. */
  stop() {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.askedAt = null;
    this.reported = false;
  }

  private look = () => {
    const now = this.now();
    if (this.askedAt === null) {
      this.askedAt = now;
      this.o.ping();
    } else if (!this.reported && now - this.askedAt >= BLOCKED_AFTER_MS) {
      this.reported = true;
      this.o.onChange(true);
    }
    this.timer = this.setTimer(this.look, CHECK_EVERY_MS);
  };
}

// Watches the sandbox while a run goes, for the two things it cannot say
// itself:
//  - its worker's thread is blocked: one piece of the snippet has kept it for
//    over a second, so neither loop can run (the talk's busy-wait;
//    `while (true) {}` never ends). The worker reports a blocked turn only
//    once the turn ends, and silence alone cannot tell a blocked worker from
//    an idle one (a paused loop, or one waiting on a long timer, sends
//    nothing either). So the page asks: a `ping` the worker answers with a
//    `pong` from its own event loop, which only a free thread can do.
//  - its frame is gone: the process of the sandbox frame crashed (a snippet
//    that keeps allocating runs a worker out of memory, and Chromium then
//    ends the whole process). The page gets no event for that: its messages
//    just go nowhere. So it asks the frame too (`frame-ping`), whose own main
//    thread answers at once (`frame-pong`) however busy the worker is.

/** How often the watch looks (and asks again once answered). */
export const CHECK_EVERY_MS = 250;
/** How long an unanswered ping means blocked: longer than a worker takes to start a run, even a slow one. */
export const BLOCKED_AFTER_MS = 1000;
/** How long the frame may leave a frame-ping unanswered before it counts as gone (its main thread only relays messages). */
export const FRAME_GONE_AFTER_MS = 3000;

export interface SandboxWatchOptions {
  /** Ask the worker to answer (the runner sends `ping`; the worker sends `pong`). */
  ping(): void;
  /** Ask the frame to answer (`frame-ping`; the frame sends `frame-pong`). */
  pingFrame(): void;
  /** The worker has stopped answering (true), or answers again (false). */
  onBlocked(blocked: boolean): void;
  /**
   * The frame has left a frame-ping unanswered for FRAME_GONE_AFTER_MS: the
   * watch stops. `answeredBefore`: it had answered since the watch started
   * (false: it was gone before this run reached it).
   */
  onFrameGone(answeredBefore: boolean): void;
  now?(): number;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(timer: unknown): void;
}

export class SandboxWatch {
  /** When the worker's unanswered ping went out; null when none is waiting. */
  private askedAt: number | null = null;
  private reported = false;
  /**
   * When the frame's unanswered frame-ping went out; null when none is waiting.
   * Counted from the ask, not from the last answer: a hidden tab's timers may
   * run this watch once a minute, and a frame that answered every ping at once
   * must not look silent for that minute.
   */
  private frameAskedAt: number | null = null;
  /** The frame answered since the watch started. */
  private frameAnsweredSinceStart = false;
  private timer: unknown = null;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly o: SandboxWatchOptions) {
    this.now = o.now ?? (() => performance.now());
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  /** Starts watching a run (after its `run` message went out, so the ping reaches its worker). */
  start() {
    this.stop();
    this.frameAnsweredSinceStart = false;
    this.look();
  }

  /** The worker answered the ping. */
  answered() {
    this.askedAt = null;
    if (this.reported) {
      this.reported = false;
      this.o.onBlocked(false);
    }
  }

  /** The frame answered. */
  frameAnswered() {
    this.frameAskedAt = null;
    this.frameAnsweredSinceStart = true;
  }

  /** The run ended or was stopped: no more pings, and nothing more is reported. */
  stop() {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.askedAt = null;
    this.frameAskedAt = null;
    this.reported = false;
  }

  private look = () => {
    this.timer = null;
    const now = this.now();
    if (this.frameAskedAt === null) {
      this.frameAskedAt = now;
      this.o.pingFrame();
    } else if (now - this.frameAskedAt >= FRAME_GONE_AFTER_MS) {
      this.stop();
      this.o.onFrameGone(this.frameAnsweredSinceStart);
      return;
    }
    if (this.askedAt === null) {
      this.askedAt = now;
      this.o.ping();
    } else if (!this.reported && now - this.askedAt >= BLOCKED_AFTER_MS) {
      this.reported = true;
      this.o.onBlocked(true);
    }
    this.timer = this.setTimer(this.look, CHECK_EVERY_MS);
  };
}

// The frame driver: calls `onFrame` once per animation frame.
//
// By default frames come from this context's requestAnimationFrame (the page,
// or a dedicated Worker, which has one in Chromium). Browsers stop rAF in
// hidden tabs and off-screen cross-origin iframes, so a watchdog timer notices
// when frames stop arriving, reports it through `onStall`, and keeps the run
// going on timer-driven frames until real frames come back. Where there is no
// rAF at all (node), it reports that once and uses timer frames from the start.
// Tests inject both the frame source and the timers, so nothing here depends
// on real time.

/**
 * @typedef {{ request(cb: (nowMs: number) => void): number, cancel(id: number): void }} FrameSource
 * @typedef {{ setTimeout(cb: () => void, ms: number): unknown, clearTimeout(id: unknown): void }} Timers
 */

export const FALLBACK_FRAME_MS = 16;
/**
 * How long a frame still has to come, once the watchdog has seen none for
 * stallMs, before the frames are said to have stopped. A snippet that keeps
 * this thread busy (a busy-wait in a task or a JS callback) holds back the
 * frames and the watchdog alike; once it lets go, the watchdog's overdue timer
 * can run before the frame that is on its way, and the page said "the browser
 * stopped sending animation frames" after every blocking example.
 */
export const STALL_CONFIRM_MS = 100;

/** requestAnimationFrame of this context, or null where there is none. */
export function defaultFrameSource() {
  const g = globalThis;
  if (typeof g.requestAnimationFrame !== 'function') return null;
  return {
    request: (cb) => g.requestAnimationFrame(cb),
    cancel: (id) => g.cancelAnimationFrame(id),
  };
}

export class FrameDriver {
  /**
   * @param {{ frameSource: FrameSource|null, timers: Timers, wallNow: () => number,
   *   stallMs: number, onFrame: () => void, onStall: (info: {sinceMs: number, reason: string}) => void }} o
   */
  constructor(o) {
    this.o = o;
    this.running = false;
    this.frameId = null;
    this.fallbackId = null;
    this.watchdogId = null;
    this.lastFrameMs = 0;
    this.fallback = false;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.lastFrameMs = this.o.wallNow();
    if (this.o.frameSource) {
      this.#requestFrame();
      this.#armWatchdog();
    } else {
      this.#enterFallback({ sinceMs: 0, reason: 'missing' });
    }
  }

  stop() {
    this.running = false;
    const { frameSource, timers } = this.o;
    if (this.frameId !== null && frameSource) frameSource.cancel(this.frameId);
    if (this.fallbackId !== null) timers.clearTimeout(this.fallbackId);
    if (this.watchdogId !== null) timers.clearTimeout(this.watchdogId);
    this.frameId = this.fallbackId = this.watchdogId = null;
    this.fallback = false;
  }

  #requestFrame() {
    this.frameId = this.o.frameSource.request(() => {
      this.frameId = null;
      if (!this.running) return;
      if (this.fallback) {
        // Real frames are back: stop the timer frames.
        this.fallback = false;
        if (this.fallbackId !== null) this.o.timers.clearTimeout(this.fallbackId);
        this.fallbackId = null;
      }
      this.#frame();
      if (this.running && this.frameId === null) this.#requestFrame();
    });
  }

  #frame() {
    this.lastFrameMs = this.o.wallNow();
    this.o.onFrame();
    // A frame that ran long (a task spinning) ends now: the next is due from here.
    this.lastFrameMs = this.o.wallNow();
  }

  /** Looks for frames every stallMs; `suspectSince`: no frame since then, a look ago (confirm before reporting). */
  #armWatchdog(suspectSince = null) {
    const { timers, stallMs } = this.o;
    this.watchdogId = timers.setTimeout(
      () => {
        this.watchdogId = null;
        if (!this.running) return;
        const sinceMs = this.o.wallNow() - this.lastFrameMs;
        if (this.fallback || sinceMs < stallMs) {
          this.#armWatchdog();
        } else if (suspectSince !== this.lastFrameMs) {
          this.#armWatchdog(this.lastFrameMs); // a frame may be right behind a long task: look again shortly
        } else {
          this.#enterFallback({ sinceMs, reason: 'stopped' });
          this.#armWatchdog();
        }
      },
      suspectSince === null ? stallMs : STALL_CONFIRM_MS,
    );
  }

  #enterFallback(info) {
    this.fallback = true;
    this.o.onStall(info);
    const tick = () => {
      this.fallbackId = null;
      if (!this.running || !this.fallback) return;
      this.#frame();
      if (this.running && this.fallback) this.fallbackId = this.o.timers.setTimeout(tick, FALLBACK_FRAME_MS);
    };
    this.fallbackId = this.o.timers.setTimeout(tick, FALLBACK_FRAME_MS);
  }
}

// The run's clock: what `now()`, `loop.now()` and the C++ loop read.
//
// Time is seconds since the run began. 'real' follows the wall clock. 'virtual'
// advances at `speed` times the wall clock (slow motion), stands still while
// paused (so a paused run's timers do not all fall due at once), and can jump
// ahead to the next timer when a single step finds nothing ready. Tests make
// it deterministic by injecting the wall clock itself.

export class RunClock {
  /**
   * @param {'real'|'virtual'} kind
   * @param {() => number} wallNow ms, monotonic (performance.now or a test's fake)
   * @param {number} startMs the wall time at which the run began
   */
  constructor(kind, wallNow, startMs) {
    this.kind = kind;
    this.wallNow = wallNow;
    this.startMs = startMs;
    this.speed = 1;
    // A virtual clock starts at 0 and stands still until the runtime starts,
    // so setting a runtime up ahead of its run (a spare worker) costs no time.
    this.frozen = kind === 'virtual';
    // virtual = base + speed * (wall - anchor) while running
    this.base = 0;
    this.anchorMs = startMs;
    this.last = 0; // the clock never goes back, even if a fake wall clock does
  }

  /** Wall ms since the run began. */
  wallMs() {
    return this.wallNow() - this.startMs;
  }

  /** Seconds since the run began on this run's clock. */
  now() {
    let t;
    if (this.kind === 'real') t = this.wallMs() / 1000;
    else if (this.frozen) t = this.base;
    else t = this.base + (this.speed * (this.wallNow() - this.anchorMs)) / 1000;
    if (t < this.last) t = this.last;
    this.last = t;
    return t;
  }

  #reanchor() {
    this.base = this.now();
    this.anchorMs = this.wallNow();
  }

  setSpeed(factor) {
    this.#reanchor();
    this.speed = factor;
  }

  freeze() {
    if (this.kind !== 'virtual' || this.frozen) return;
    this.#reanchor();
    this.frozen = true;
  }

  thaw() {
    if (!this.frozen) return;
    this.anchorMs = this.wallNow();
    this.frozen = false;
  }

  /** Virtual only: move the clock forward to `t` seconds (never back). */
  jumpTo(t) {
    if (this.kind !== 'virtual') return;
    const now = this.now();
    if (t <= now) return;
    this.base = t;
    this.anchorMs = this.wallNow();
    this.last = t;
  }
}

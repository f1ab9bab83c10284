// The run's clock: what `now()`, `loop.now()` and the C++ loop read.
//
// Time is seconds since the run began. 'real' follows the wall clock. 'virtual'
// advances at `speed` times the wall clock (slow motion), stands still while
// paused (so a paused run's timers do not all fall due at once), and can jump
// ahead to the next timer when a single step finds nothing ready. Tests make
// it deterministic by injecting the wall clock itself.
//
// A replay (a re-run that follows a recording's frames) sets both clocks from
// the recording, frame by frame: the loop's time is the recorded frame's, and
// so is the run's wall time, so the re-run's trace lands on the same ms axis
// as the recording however fast the frames are replayed. When the replay
// ends, the wall time carries on from the last recorded frame.

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
    // While a replay runs: the wall ms of the recorded frame being replayed.
    this.recordedWallMs = null;
    // After a replay: recorded wall ms minus real wall ms at its end, so the
    // wall time goes on from the recording without a jump.
    this.wallOffsetMs = 0;
  }

  /** Wall ms since the run began (during a replay: the recorded frame's). */
  wallMs() {
    if (this.recordedWallMs !== null) return this.recordedWallMs;
    return this.wallNow() - this.startMs + this.wallOffsetMs;
  }

  /**
   * Virtual only: a replay begins. The clock stands still (each replayed
   * frame sets it) and the wall time is the recording's, from 0.
   */
  beginReplay() {
    this.freeze();
    this.recordedWallMs = 0;
  }

  /** Virtual only: the next replayed frame, at its recorded times (never back). */
  followRecording(wallMs, loopTime) {
    this.recordedWallMs = Math.max(this.recordedWallMs ?? 0, wallMs);
    this.jumpTo(loopTime);
  }

  /** The replay is over: the wall time goes on from the last recorded frame; the clock stays frozen until thawed. */
  endReplay() {
    if (this.recordedWallMs === null) return;
    this.wallOffsetMs = this.recordedWallMs - (this.wallNow() - this.startMs);
    this.recordedWallMs = null;
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

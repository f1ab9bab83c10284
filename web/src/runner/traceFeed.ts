// Paces the trace into the store (docs/architecture.md section 4): what the
// sandbox sends is applied a slice at a time, at most about BUDGET_MS per
// animation frame, so one big batch (a snippet spawning 10,000 tasks sends
// ~21,000 events at once, ~100 ms of appending) costs the page a few frames of
// slow progress instead of a frozen stretch. Every operation keeps its place
// in one queue: a JS record is placed relative to the core event count when it
// is appended, so it must not overtake a core batch that arrived before it.
import type { JsStreamRecord, TraceBatch } from '../trace/format';
import { checkBatch } from '../trace/validate';
import type { TraceSink } from './runner';

export interface TraceFeedOptions {
  /** Milliseconds of appending per animation frame (default 2). */
  budgetMs?: number;
  /** Milliseconds of appending per frame once the run has ended (`finish`; default twice `budgetMs`). */
  endBudgetMs?: number;
  /**
   * The most core events applied between two readings of the clock (default
   * 256). Fewer when appending is slow: each slice is sized to what is left
   * of the budget at the cost per event measured so far.
   */
  sliceEvents?: number;
  /** Core events queued beyond which a batch's acknowledgement waits (default 50,000). */
  backlogLimit?: number;
  /** Drain this often when no animation frame comes (a hidden page; default 100 ms). */
  fallbackMs?: number;
  /**
   * Called once per core batch when the page has taken it: at once while the
   * backlog is within `backlogLimit`, else once it has drained back within it.
   * The runner sends `trace-taken` from here (the sandbox's flow control).
   */
  onCoreTaken?: () => void;
  now?: () => number;
  requestFrame?: (callback: () => void) => void;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

type Work =
  // next: the first event not yet applied; names: how many of a big name table went in slices of their own
  | { type: 'core'; batch: TraceBatch; next: number; names: number }
  | { type: 'rejected'; batch: TraceBatch } // fails checkBatch: handed on whole, for the store to refuse
  // next: the first record not yet applied (a message can hold 15,000 of them: they go a slice at a time too)
  | { type: 'js'; events: JsRecords; next: number }
  | { type: 'blocked'; startMs: number; endMs: number };

/**
 * Why 2 ms: a frame of a busy run has costs the feed can neither see nor
 * move (the next message's arrival, a garbage collection, the style, layout
 * and paint of the views' refresh, and a compositor sharing the machine's
 * cores with the sandbox), and it stays within 16.7 ms only if the feed's
 * share leaves room for them. With 4 ms, a fresh page's first 10,000-task
 * run missed 97 frames in 42 runs (bench/page/page-tasks.mjs's snippet, in
 * five batches of fresh browsers, alternated); with 2 ms, 37. The C++ loop
 * keeps its pace (1.18 s against 1.17 s, medians of 4); the page shows the
 * end of that run 0.08-0.17 s later, as it takes in what is left at the
 * end's budget.
 */
const BUDGET_MS = 2;
/**
 * Once the run has ended, its loops no longer need the frames: what is still
 * queued goes in at twice the pace, so the run's end is shown sooner, and a
 * frame still has room for the views' redraw.
 */
const END_BUDGET_FACTOR = 2;
const SLICE_EVENTS = 256;
/**
 * A batch naming more tasks than this (a snippet spawning 10,000 sends all
 * their names at once) has its names applied in slices of their own before
 * its events, at most this many at a time, fewer when names are slow.
 */
const NAMES_PER_SLICE = 1024;
/**
 * What one name is first assumed to cost (ms): in a fresh page a slice of
 * 1,024 names took 2-5 ms, so a fixed 1,024 could take a frame's whole
 * budget with nothing left of it (page-tasks bench, first runs).
 */
const FIRST_MS_PER_NAME = 0.005;
/** The smallest slice of a core batch, so the queue always moves. */
const MIN_SLICE_EVENTS = 16;
/**
 * What one core event is first assumed to cost (ms). A fresh page appends
 * with code not yet optimised, ~20 us an event where warm code takes ~1 us;
 * assuming the slow case first keeps the first slices within the budget.
 */
const FIRST_MS_PER_EVENT = 0.02;
/**
 * What one JS record is first assumed to cost (ms): each makes or updates a
 * callback's item and its log entry, several times a core event's work; a
 * promise flood's first slices of 256 took 25-33 ms in a fresh page.
 */
const FIRST_MS_PER_JS_RECORD = 0.1;
const BACKLOG_LIMIT = 50_000;
const FALLBACK_MS = 100;
/** The length of the window an append's budget is counted in when no frame has started one (one frame at 60 Hz). */
const WINDOW_MS = 1000 / 60;

export class TraceFeed implements TraceSink {
  private readonly runBudgetMs: number;
  private readonly endBudgetMs: number;
  /** The budget of a frame now: the run's, or the end's once `finish` was called. */
  private budgetMs: number;
  /** Called once all of an ended run's trace is in the sink (see `finish`); null otherwise. */
  private onFinished: (() => void) | null = null;
  private readonly sliceEvents: number;
  private readonly backlogLimit: number;
  private readonly fallbackMs: number;
  private readonly onCoreTaken: () => void;
  private readonly now: () => number;
  private readonly requestFrame: ((callback: () => void) => void) | null;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  private queue: Work[] = [];
  private head = 0;
  private queuedEvents = 0;
  /** Core batches taken in but not yet acknowledged (the backlog was over the limit). */
  private unacknowledged = 0;
  // The budget is spent per window: one starts with an append when the last
  // window is over (no frame is draining), and with a frame's drain unless an
  // append started one since the last frame (see onDrainTime).
  private windowStart = -Infinity;
  private spentMs = 0;
  /** When the last frame's (or fallback timer's) drain ran. */
  private lastFrameDrainAt = -Infinity;
  /** The measured cost of appending one core event (ms), smoothed over slices. */
  private msPerEvent = FIRST_MS_PER_EVENT;
  /** The same for one JS record. */
  private msPerJsRecord = FIRST_MS_PER_JS_RECORD;
  /** The same for one task name of a big name table. */
  private msPerName = FIRST_MS_PER_NAME;
  /** The drain asked for (a frame, and a timer in case no frame comes); a stale call sees another ticket. */
  private ticket = 0;
  private scheduled = false;
  private fallbackTimer: unknown = null;

  constructor(
    private readonly sink: TraceSink,
    options: TraceFeedOptions = {},
  ) {
    this.runBudgetMs = options.budgetMs ?? BUDGET_MS;
    this.endBudgetMs = options.endBudgetMs ?? END_BUDGET_FACTOR * this.runBudgetMs;
    this.budgetMs = this.runBudgetMs;
    this.sliceEvents = Math.max(1, Math.floor(options.sliceEvents ?? SLICE_EVENTS));
    this.backlogLimit = options.backlogLimit ?? BACKLOG_LIMIT;
    this.fallbackMs = options.fallbackMs ?? FALLBACK_MS;
    this.onCoreTaken = options.onCoreTaken ?? (() => undefined);
    this.now = options.now ?? (() => performance.now());
    // Looked up when called, not now: a page (or a bench) may wrap requestAnimationFrame later.
    this.requestFrame =
      options.requestFrame ?? (typeof requestAnimationFrame === 'function' ? (callback) => requestAnimationFrame(callback) : null);
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  /** Core events queued, not yet appended to the sink. */
  get pendingEvents(): number {
    return this.queuedEvents;
  }

  /** Work of any kind queued (core batches, JS records, blocked records), not yet appended to the sink. */
  get pendingWork(): number {
    return this.queue.length - this.head;
  }

  /** A new run: what is queued belongs to the old one, and so do acknowledgements still owed. */
  reset(options?: { clock?: 'real' | 'virtual' | 'unknown' }): void {
    this.queue = [];
    this.head = 0;
    this.queuedEvents = 0;
    this.unacknowledged = 0;
    this.onFinished = null;
    this.budgetMs = this.runBudgetMs;
    this.sink.reset(options);
  }

  appendCore(batch: TraceBatch): void {
    // Checked whole before any slicing: a bad batch reaches the store whole, which
    // refuses it with its usual message, instead of its good first slices being kept.
    if (checkBatch(batch) === null) {
      this.queue.push({ type: 'core', batch, next: 0, names: 0 });
      this.queuedEvents += batch.count;
    } else {
      this.queue.push({ type: 'rejected', batch });
    }
    this.unacknowledged++;
    this.arrived();
  }

  appendJs(events: JsRecords): void {
    this.queue.push({ type: 'js', events, next: 0 });
    this.arrived();
  }

  appendBlocked(startMs: number, endMs: number): void {
    this.queue.push({ type: 'blocked', startMs, endMs });
    this.arrived();
  }

  /** Applies everything queued now, whatever it costs: for a decision that reads the store. */
  flush(): void {
    this.drainUntil(Infinity);
    this.acknowledge();
    this.finishedIfDrained();
  }

  /**
   * The run has ended: nothing more arrives. What is still queued goes in
   * paced, as during the run but at the end's budget a frame, and `onFinished`
   * is called once all of it is in (at once if nothing is queued; on a flush
   * at the latest, or when no frame comes for the fallback timer's 100 ms;
   * never after a reset). Taken in at once instead, the
   * backlog of a run that outpaced the page (30,000 events, with Monaco's
   * checker starting up beside it) froze one frame for ~100 ms.
   */
  finish(onFinished: () => void): void {
    this.onFinished = onFinished;
    this.budgetMs = this.endBudgetMs;
    this.finishedIfDrained();
  }

  private finishedIfDrained(): void {
    const onFinished = this.onFinished;
    if (onFinished === null || this.head < this.queue.length) return;
    this.onFinished = null;
    onFinished();
  }

  /**
   * Something was queued. Behind other work it waits its turn. Into an empty
   * queue it applies at once, within what is left of the current window's
   * budget: small appends (tests, ordinary runs) show no delay, and a big batch
   * has its first slices applied now and the rest paced over the next frames.
   * The flow control decides after that, on what is still queued.
   */
  private arrived(): void {
    if (this.queue.length - this.head === 1) {
      const now = this.now();
      if (now - this.windowStart >= WINDOW_MS) this.startWindow(now);
      const left = this.budgetMs - this.spentMs;
      if (left > 0) this.drainFor(now, left);
    }
    this.acknowledge();
    this.schedule();
  }

  private startWindow(now: number): void {
    this.windowStart = now;
    this.spentMs = 0;
  }

  private drainFor(start: number, budgetMs: number): void {
    this.drainUntil(start + budgetMs);
    this.spentMs += this.now() - start;
  }

  /**
   * Applies queued work in order until the clock passes `deadline`. Core
   * batches and JS records go in slices sized to the time left at the
   * measured cost of one (at most `sliceEvents`), with the clock read before
   * each; other work reads it every `sliceEvents` items or so. At least one
   * piece of work is applied per call, so the queue always moves.
   */
  private drainUntil(deadline: number): void {
    let sinceCheck = 0;
    let moved = false;
    while (this.head < this.queue.length) {
      const work = this.queue[this.head]!;
      if (work.type === 'core' || (work.type === 'js' && sliceable(work.events))) {
        const start = this.now();
        if (moved && start >= deadline) break;
        if (work.type === 'core') this.applySlice(work, deadline - start);
        else if (work.type === 'js') this.applyJsSlice(work, deadline - start);
        sinceCheck = 0;
      } else {
        if (sinceCheck >= this.sliceEvents) {
          if (moved && this.now() >= deadline) break;
          sinceCheck = 0;
        }
        sinceCheck += this.applyOther(work);
        this.head++;
      }
      moved = true;
    }
    this.compact();
  }

  /** Applies the next slice of a core batch, sized to `leftMs` at the measured cost per event. */
  private applySlice(work: Extract<Work, { type: 'core' }>, leftMs: number): void {
    const { batch } = work;
    const namesApart = batch.names.length > NAMES_PER_SLICE;
    if (namesApart && work.names < batch.names.length) {
      // Names first, all of them before any event that may need them.
      const start = this.now();
      const names = batch.names.slice(work.names, work.names + this.sliceSize(leftMs, this.msPerName, NAMES_PER_SLICE));
      work.names += names.length;
      this.sink.appendCore(slice(batch, 0, 0, { names, errors: [], dropped: 0 }));
      this.msPerName = nextEstimate(this.msPerName, (this.now() - start) / names.length);
      return;
    }
    const size = this.sliceSize(leftMs, this.msPerEvent, this.sliceEvents);
    const from = work.next;
    const to = Math.min(batch.count, from + size);
    const start = this.now();
    // The side tables go with the first events (the names, unless they went apart).
    const tables = from === 0 ? { names: namesApart ? [] : batch.names, errors: batch.errors, dropped: batch.dropped } : NO_TABLES;
    const whole = from === 0 && to === batch.count && !namesApart;
    this.sink.appendCore(whole ? batch : slice(batch, from, to, tables));
    work.next = to;
    this.queuedEvents -= to - from;
    if (to === batch.count) this.head++;
    if (to > from) this.msPerEvent = nextEstimate(this.msPerEvent, (this.now() - start) / (to - from));
  }

  /** Applies the next slice of JS records, sized to `leftMs` at the measured cost per record. */
  private applyJsSlice(work: Extract<Work, { type: 'js' }>, leftMs: number): void {
    const { events } = work;
    const from = work.next;
    const to = Math.min(events.length, from + this.sliceSize(leftMs, this.msPerJsRecord, this.sliceEvents));
    const start = this.now();
    this.sink.appendJs(Array.isArray(events) && from === 0 && to === events.length ? events : events.slice(from, to));
    work.next = to;
    if (to === events.length) this.head++;
    if (to > from) this.msPerJsRecord = nextEstimate(this.msPerJsRecord, (this.now() - start) / (to - from));
  }

  /** How many items (at most `most`, at least the smallest slice) fit in `leftMs` at `msPerItem`. */
  private sliceSize(leftMs: number, msPerItem: number, most: number): number {
    const fits = Math.floor(leftMs / msPerItem); // Infinity for a flush
    return Math.max(Math.min(MIN_SLICE_EVENTS, most), Math.min(most, fits));
  }

  /** Applies a work item that does not go in slices (a refused batch, a blocked record, JS records that are not a list); returns 1. */
  private applyOther(work: Exclude<Work, { type: 'core' }>): number {
    switch (work.type) {
      case 'rejected':
        this.sink.appendCore(work.batch);
        return 1;
      case 'js':
        // Not sliceable (those go in applyJsSlice): handed on whole, for the store to refuse.
        this.sink.appendJs(work.events as unknown as readonly JsStreamRecord[]);
        return 1;
      case 'blocked':
        this.sink.appendBlocked(work.startMs, work.endMs);
        return 1;
    }
  }

  /** Forgets the work done, so the queue does not grow for the length of a run. */
  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Acknowledges the batches owed while the backlog is within the limit. */
  private acknowledge(): void {
    if (this.queuedEvents > this.backlogLimit) return;
    while (this.unacknowledged > 0) {
      this.unacknowledged--;
      this.onCoreTaken();
    }
  }

  /**
   * Drains on the next animation frame, or after `fallbackMs` if none comes
   * (a hidden page gets no frames, and the backlog must still move, or its
   * acknowledgements would hold the loops for good).
   */
  private schedule(): void {
    if (this.scheduled || this.head === this.queue.length) return;
    this.scheduled = true;
    const ticket = ++this.ticket;
    this.requestFrame?.(() => this.onDrainTime(ticket, 'frame'));
    this.fallbackTimer = this.setTimer(() => this.onDrainTime(ticket, 'timer'), this.fallbackMs);
  }

  private onDrainTime(ticket: number, by: 'frame' | 'timer'): void {
    if (ticket !== this.ticket || !this.scheduled) return;
    this.scheduled = false;
    // A frame came: the timer is not needed. (After the timer, the frame asked
    // for may still come later; its ticket is stale by then, so it does nothing.)
    if (by === 'frame' && this.fallbackTimer !== null) this.clearTimer(this.fallbackTimer);
    this.fallbackTimer = null;
    const now = this.now();
    // A frame's drain starts a window, unless an arrival started one since the
    // last frame's drain, less than a frame ago: that appending was in this
    // frame, so it shares the frame's budget (a message handled just before a
    // frame used to get a budget of its own, and the frame another: twice the
    // budget in one frame).
    if (this.windowStart <= this.lastFrameDrainAt || now - this.windowStart >= WINDOW_MS) this.startWindow(now);
    this.lastFrameDrainAt = now;
    // An ended run on a page that gets no frames (a hidden tab): no frame is
    // there to keep smooth, so the rest goes in now rather than a budget every
    // 100 ms, which could hold the run's end back for seconds.
    if (by === 'timer' && this.onFinished !== null) {
      this.flush();
      return;
    }
    const left = this.budgetMs - this.spentMs;
    if (this.head < this.queue.length && left > 0) this.drainFor(now, left);
    this.acknowledge();
    this.schedule();
    this.finishedIfDrained();
  }
}

/**
 * JS records to apply: an array, or a packing made into records a slice at a
 * time (protocol.ts, PackedJsRecordList).
 */
export interface JsRecords {
  readonly length: number;
  slice(from: number, to: number): JsStreamRecord[];
}

/** Whether `events` can go a slice at a time (anything else goes whole, for the store to refuse). */
function sliceable(events: unknown): events is JsRecords {
  if (events === null || typeof events !== 'object') return false;
  const e = events as { length?: unknown; slice?: unknown };
  return Number.isInteger(e.length) && typeof e.slice === 'function';
}

/**
 * The cost estimate after a slice that measured `measured` per item. A slice
 * slower than the estimate sets it (a collection, the store growing, code
 * not yet optimised: the next slices must fit the budget at once); a faster
 * one moves it halfway, so slices grow back quickly.
 */
function nextEstimate(estimate: number, measured: number): number {
  return measured > estimate ? measured : 0.5 * (estimate + measured);
}

type SideTables = Pick<TraceBatch, 'names' | 'errors' | 'dropped'>;
const NO_TABLES: SideTables = { names: [], errors: [], dropped: 0 };

/** Events [from, to) of a checked batch, as a batch of their own carrying `tables`. */
function slice(batch: TraceBatch, from: number, to: number, tables: SideTables): TraceBatch {
  return {
    version: batch.version,
    frame: batch.frame,
    wallMs: batch.wallMs,
    loopTime: batch.loopTime,
    count: to - from,
    f64: batch.f64.subarray(2 * from, 2 * to),
    u32: batch.u32.subarray(3 * from, 3 * to),
    ...tables,
  };
}

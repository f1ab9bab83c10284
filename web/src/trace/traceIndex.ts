// What the timeline and the event log draw, derived incrementally from the
// trace as it arrives: per-task run bars, the waits between them, per-timer
// lateness on both loops, per-tick budget use, JS callbacks and busy-wait
// blocks. Each item is derived once, when its closing event arrives, so a
// redraw never replays the trace.
import { Kind, JS_APIS, JS_TIMER_APIS, type JsApi, type JsTraceEvent } from './format';
import { LogList, Ref, type RefKind } from './logList';
import { SpanColumns, Spans } from './spans';

// Runs and waits are kept column-wise (Spans, LogList): a long run makes
// millions of them. These objects are what a reader gets for one of them,
// made when asked for (runBar, waitGap, log.at): read them, do not keep them.
export interface RunBar {
  readonly type: 'run';
  readonly ms: number; // = startMs, as every log entry has
  readonly id: number;
  readonly startMs: number;
  endMs: number; // NaN while it runs
  readonly index: number; // absolute core event index of resume_begin
}

export interface WaitGap {
  readonly type: 'wait';
  readonly ms: number; // = fromMs
  readonly id: number;
  readonly fromMs: number;
  toMs: number; // NaN while still suspended
  readonly waitKind: number;
  readonly waitValue: number;
  readonly index: number;
}

export interface CoreTimer {
  readonly id: number;
  readonly owner: number;
  readonly setMs: number;
  readonly deadlineS: number;
  deadlineMs: number;
  firedMs: number; // NaN until fired
  latenessMs: number; // ran minus deadline, on the loop clock; NaN until fired
  cancelled: boolean;
  readonly index: number;
}

export interface TickMark {
  readonly tick: number;
  readonly beginMs: number;
  endMs: number;
  readonly budgetS: number; // 0 = unbounded
  usedS: number;
  resumes: number;
  readonly index: number;
}

export interface JsItem {
  readonly id: number;
  readonly api: JsApi;
  label: string;
  scheduledMs: number;
  delayMs: number; // NaN when not a timer
  deadlineMs: number; // NaN when not a timer
  startMs: number; // NaN until it runs
  endMs: number;
  latenessMs: number; // NaN for non-timers and until it runs
  cancelled: boolean;
  runs: number; // setInterval runs several times: each run is its own item
}

/** Lateness of every timer that ran, per loop, over the whole run. */
export interface LatenessStats {
  count: number;
  sumMs: number;
  maxMs: number;
}

export interface Blocked {
  readonly startMs: number;
  readonly endMs: number;
}

/** One line of the event log; each matches one thing the timeline draws. */
export type LogEntry =
  | { readonly type: 'spawn'; readonly ms: number; readonly index: number; readonly id: number; readonly parent: number }
  | RunBar
  | WaitGap
  | { readonly type: 'timer'; readonly ms: number; readonly index: number; readonly timer: CoreTimer }
  | { readonly type: 'final'; readonly ms: number; readonly index: number; readonly id: number; readonly state: 'done' | 'failed' | 'cancelled' }
  | { readonly type: 'js'; readonly ms: number; readonly index: number; readonly item: JsItem }
  | { readonly type: 'blocked'; readonly ms: number; readonly index: number; readonly block: Blocked };

/**
 * A row of the timeline: a C++ task, the C++ callbacks, or one JS API.
 * A run of 10,000 tasks keeps 10,000 of them, so a row is one small object
 * with two Spans: its key is made when asked for, and its timer and callback
 * lists only once it has some (see spans.ts for why that matters).
 */
export class Row {
  /** Timers set by this task (C++ rows), in the order they were set. */
  timers: readonly CoreTimer[] = NONE;
  /** This API's callbacks (JS rows), in the order they ran. */
  js: readonly JsItem[] = NONE;

  constructor(
    readonly lane: 'cpp' | 'js',
    readonly id: number, // task id, or 0
    readonly api: JsApi | null,
    /** Runs (resume_begin to resume_end); on the callbacks row, each item's id is its callback's. */
    readonly bars: Spans,
    /** Waits (suspended to the next resume or the end), with what they wait on as kind and value. */
    readonly gaps: Spans,
  ) {}

  /** Unique among the rows of a run: `cpp:<task id>`, `cpp:callbacks` or `js:<api>`. */
  get key(): string {
    if (this.lane === 'js') return `js:${this.api ?? ''}`;
    return this.id === 0 ? 'cpp:callbacks' : `cpp:${this.id}`;
  }

  addTimer(timer: CoreTimer): void {
    if (this.timers === NONE) this.timers = [timer];
    else (this.timers as CoreTimer[]).push(timer);
  }

  addJs(item: JsItem): void {
    if (this.js === NONE) this.js = [item];
    else (this.js as JsItem[]).push(item);
  }

  /** Forgets the oldest timers for which `gone` holds (the bounded recording). */
  dropTimers(gone: (t: CoreTimer) => boolean): void {
    if (this.timers !== NONE) dropPrefix(this.timers as CoreTimer[], gone);
  }
}

/** The empty list rows share until they have items of their own. */
const NONE: readonly never[] = Object.freeze([]);

/** Run i (local index) of a row, as an object. */
export function runBar(bars: Spans, i: number): RunBar {
  const startMs = bars.startMs(i);
  return { type: 'run', ms: startMs, id: bars.id(i), startMs, endMs: bars.endMs(i), index: bars.index(i) };
}

/** Wait i (local index) of a row, as an object. */
export function waitGap(gaps: Spans, i: number): WaitGap {
  const fromMs = gaps.startMs(i);
  return {
    type: 'wait',
    ms: fromMs,
    id: gaps.id(i),
    fromMs,
    toMs: gaps.endMs(i),
    waitKind: gaps.kind(i),
    waitValue: gaps.value(i),
    index: gaps.index(i),
  };
}

/** A row's runs as objects (for tests and small rows; a redraw reads the columns). */
export function runBars(row: Row): RunBar[] {
  return Array.from({ length: row.bars.length }, (_, i) => runBar(row.bars, i));
}

/** A row's waits as objects (for tests and small rows). */
export function waitGaps(row: Row): WaitGap[] {
  return Array.from({ length: row.gaps.length }, (_, i) => waitGap(row.gaps, i));
}

/** How a task ended, by the number its log entry keeps: the kinds that end a task, and their words. */
const FINAL_KINDS: readonly number[] = [Kind.taskDone, Kind.taskFailed, Kind.taskCancelled];
const FINAL_STATES = ['done', 'failed', 'cancelled'] as const;

export class TraceIndex {
  /** Where every row's runs live (each row keeps only its slots). */
  readonly runColumns: SpanColumns;
  /** Where every row's waits live. */
  readonly waitColumns: SpanColumns;
  readonly taskRows = new Map<number, Row>();
  /** The task rows in spawn order, kept as an array so a redraw need not copy the map. */
  taskRowList: Row[] = [];
  readonly callbackRow: Row;
  readonly jsRows = new Map<JsApi, Row>();
  readonly ticks: TickMark[] = [];
  readonly timers = new Map<number, CoreTimer>();
  readonly blocked: Blocked[] = [];
  /** Everything the timeline draws, as log entries in arrival order. */
  readonly log: LogList<LogEntry>;
  /** Log entries dropped from the front: entry `log.at(i)` is number `logDropped + i` of the run. */
  get logDropped(): number {
    return this.log.dropped;
  }
  readonly lateness: { cpp: LatenessStats; js: LatenessStats } = {
    cpp: { count: 0, sumMs: 0, maxMs: 0 },
    js: { count: 0, sumMs: 0, maxMs: 0 },
  };
  /** The latest time anything happened, ms since the run began. */
  endMs = 0;

  // The loop runs one item at a time: at most one run is open.
  private openRunRow: Row | null = null;
  private openRunId = 0;
  private openRunPosition = 0;
  private openGaps = new Map<number, number>(); // task id -> position in its row's gaps
  private openJs = new Map<number, JsItem>();
  private jsScheduled = new Map<number, JsItem>();
  private openTick: TickMark | null = null;
  private tickStartTime = 0; // loop seconds at the open tick's tick_begin

  /**
   * `logChunkSize`: entries a chunk of the log holds (LogList's default
   * unless given). `previous`: the index of the run before, whose memory this
   * one takes over (its rows' columns, at the size they grew to, and its
   * log's chunks); it reads as empty afterwards. A second 10,000-task run
   * then neither copies growing columns nor writes fresh memory, and the
   * garbage collector has no columns of the run before to free while it runs.
   */
  constructor(logChunkSize?: number, previous?: TraceIndex) {
    previous?.runColumns.clear();
    previous?.waitColumns.clear();
    this.runColumns = previous?.runColumns ?? new SpanColumns(1024);
    this.waitColumns = previous?.waitColumns ?? new SpanColumns(1024);
    this.callbackRow = this.newRow('cpp', 0, null);
    this.log = new LogList<LogEntry>((ref, rowId, position, ms, index) => this.resolveLog(ref, rowId, position, ms, index), logChunkSize, previous?.log);
  }

  /**
   * `count` tasks were named whose spawns are still to come (a batch's names
   * go in before its events): their rows' columns make room for them now,
   * while little has to be copied (SpanColumns.reserveRegions).
   */
  expectTasks(count: number): void {
    this.runColumns.reserveRegions(count);
    this.waitColumns.reserveRegions(count);
  }

  /** Consumes one core event; `ms` is its time on the shared axis. */
  core(index: number, kind: number, id: number, ref: number, value: number, time: number, ms: number, isTask: (id: number) => boolean): void {
    if (ms > this.endMs) this.endMs = ms;
    switch (kind) {
      case Kind.tickBegin: {
        const t: TickMark = { tick: id, beginMs: ms, endMs: NaN, budgetS: value, usedS: 0, resumes: 0, index };
        this.ticks.push(t);
        this.openTick = t;
        this.tickStartTime = time;
        break;
      }
      case Kind.tickEnd: {
        const t = this.openTick;
        if (t !== null && t.tick === id) {
          t.endMs = ms;
          t.usedS = time - this.tickStartTime;
          t.resumes = ref;
        }
        this.openTick = null;
        break;
      }
      case Kind.taskSpawned:
        this.taskRow(id);
        this.log.pushRef(Ref.spawn, ms, index, id, ref);
        break;
      case Kind.resumeBegin: {
        const task = isTask(id);
        const row = task ? this.taskRow(id) : this.callbackRow;
        const position = row.bars.open(id, ms, index);
        this.openRunRow = row;
        this.openRunId = id;
        this.openRunPosition = position;
        this.log.pushRef(Ref.run, ms, index, task ? id : 0, position);
        this.closeGap(id, ms);
        break;
      }
      case Kind.resumeEnd: {
        if (this.openRunRow !== null && this.openRunId === id) {
          this.openRunRow.bars.close(this.openRunPosition, ms);
          this.openRunRow = null;
        }
        break;
      }
      case Kind.suspended: {
        const position = this.taskRow(id).gaps.open(id, ms, index, ref, value);
        this.openGaps.set(id, position);
        this.log.pushRef(Ref.wait, ms, index, id, position);
        break;
      }
      case Kind.timerSet: {
        const timer: CoreTimer = {
          id,
          owner: ref,
          setMs: ms,
          deadlineS: value,
          deadlineMs: ms + (value - time) * 1000,
          firedMs: NaN,
          latenessMs: NaN,
          cancelled: false,
          index,
        };
        this.timers.set(id, timer);
        (ref !== 0 ? this.taskRow(ref) : this.callbackRow).addTimer(timer);
        break;
      }
      case Kind.timerFired: {
        const timer = this.timers.get(id);
        if (timer !== undefined) {
          timer.firedMs = ms;
          timer.latenessMs = (time - value) * 1000;
          timer.deadlineMs = ms - timer.latenessMs;
          addLateness(this.lateness.cpp, timer.latenessMs);
          this.log.push({ type: 'timer', ms, index, timer });
        }
        break;
      }
      case Kind.timerCancelled: {
        const timer = this.timers.get(id);
        if (timer !== undefined) {
          timer.cancelled = true;
          timer.firedMs = ms;
          this.log.push({ type: 'timer', ms, index, timer });
        }
        break;
      }
      case Kind.taskDone:
      case Kind.taskFailed:
      case Kind.taskCancelled:
        this.closeGap(id, ms);
        this.log.pushRef(Ref.final, ms, index, id, FINAL_KINDS.indexOf(kind));
        break;
      default:
        break;
    }
  }

  /** Consumes one JS event; `index` is the core event count when it arrived. */
  js(e: JsTraceEvent, index: number): void {
    if (e.ms > this.endMs) this.endMs = e.ms;
    const row = this.jsRow(e.api);
    switch (e.phase) {
      case 'scheduled': {
        const item = newJsItem(e);
        this.jsScheduled.set(e.id, item);
        break;
      }
      case 'run_begin': {
        // setInterval runs many times under one id: each run becomes its own item.
        const scheduled = this.jsScheduled.get(e.id);
        const item = scheduled !== undefined && scheduled.runs === 0 ? scheduled : newJsItem(e, scheduled);
        item.runs++;
        item.startMs = e.ms;
        if (e.deadlineMs !== undefined) item.deadlineMs = e.deadlineMs;
        if (e.label !== undefined) item.label = e.label;
        if (JS_TIMER_APIS.has(e.api) && Number.isFinite(item.deadlineMs)) item.latenessMs = e.ms - item.deadlineMs;
        if (scheduled !== undefined && scheduled !== item) scheduled.runs = item.runs;
        row.addJs(item);
        this.openJs.set(e.id, item);
        this.log.push({ type: 'js', ms: e.ms, index, item });
        if (Number.isFinite(item.latenessMs)) addLateness(this.lateness.js, item.latenessMs);
        break;
      }
      case 'run_end': {
        const item = this.openJs.get(e.id);
        if (item !== undefined) {
          item.endMs = e.ms;
          this.openJs.delete(e.id);
        }
        break;
      }
      case 'cancelled': {
        // A cancelled interval that already ran keeps its runs; the cancel is its own mark.
        const scheduled = this.jsScheduled.get(e.id);
        const item = scheduled !== undefined && scheduled.runs === 0 ? scheduled : newJsItem(e, scheduled);
        item.cancelled = true;
        item.startMs = e.ms;
        row.addJs(item);
        item.endMs = e.ms;
        this.jsScheduled.delete(e.id);
        this.log.push({ type: 'js', ms: e.ms, index, item });
        break;
      }
    }
  }

  block(startMs: number, endMs: number, index: number): void {
    if (endMs > this.endMs) this.endMs = endMs;
    const block: Blocked = { startMs, endMs };
    this.blocked.push(block);
    this.log.push({ type: 'blocked', ms: startMs, index, block });
  }

  /** Timeline rows in drawing order: C++ tasks (spawn order), C++ callbacks, then JS APIs. */
  rows(): Row[] {
    const rows = [...this.taskRows.values()];
    if (this.callbackRow.bars.length > 0 || this.callbackRow.timers.length > 0) rows.push(this.callbackRow);
    for (const api of JS_APIS) {
      const r = this.jsRows.get(api);
      if (r !== undefined) rows.push(r);
    }
    return rows;
  }

  /**
   * Forgets everything that closed before absolute core index `index` (the
   * bounded recording). Each list is in index order, so only its dropped
   * prefix is visited: the cost follows what is dropped, not what is kept.
   */
  dropBefore(index: number): void {
    const timerGone = (t: CoreTimer): boolean => t.index < index && !Number.isNaN(t.firedMs);
    let emptied = false;
    for (const [id, row] of this.taskRows) {
      row.bars.dropEndedBefore(index);
      row.gaps.dropEndedBefore(index);
      row.dropTimers(timerGone);
      if (row.bars.length === 0 && row.gaps.length === 0 && row.timers.length === 0) {
        this.taskRows.delete(id);
        emptied = true;
      }
    }
    if (emptied) this.taskRowList = [...this.taskRows.values()];
    this.callbackRow.bars.dropEndedBefore(index);
    this.callbackRow.dropTimers(timerGone);
    for (const [id, t] of this.timers) {
      if (t.index >= index) break; // insertion order is index order
      if (!Number.isNaN(t.firedMs)) this.timers.delete(id);
    }
    dropPrefix(this.ticks, (t) => t.index < index);
    this.log.dropBefore(index);
    this.runColumns.compactIfSparse();
    this.waitColumns.compactIfSparse();
  }

  private resolveLog(ref: RefKind, rowId: number, position: number, ms: number, index: number): LogEntry | undefined {
    if (ref === Ref.spawn) return { type: 'spawn', ms, index, id: rowId, parent: position };
    if (ref === Ref.final) return { type: 'final', ms, index, id: rowId, state: FINAL_STATES[position] ?? 'done' };
    const row = rowId === 0 ? this.callbackRow : this.taskRows.get(rowId);
    if (row === undefined) return undefined;
    if (ref === Ref.run) {
      const i = position - row.bars.first;
      return i >= 0 && i < row.bars.length ? runBar(row.bars, i) : undefined;
    }
    const i = position - row.gaps.first;
    return i >= 0 && i < row.gaps.length ? waitGap(row.gaps, i) : undefined;
  }

  private taskRow(id: number): Row {
    let row = this.taskRows.get(id);
    if (row === undefined) {
      row = this.newRow('cpp', id, null);
      this.taskRows.set(id, row);
      this.taskRowList.push(row);
    }
    return row;
  }

  private jsRow(api: JsApi): Row {
    let row = this.jsRows.get(api);
    if (row === undefined) {
      row = this.newRow('js', 0, api);
      this.jsRows.set(api, row);
    }
    return row;
  }

  private newRow(lane: 'cpp' | 'js', id: number, api: JsApi | null): Row {
    return new Row(lane, id, api, new Spans(this.runColumns), new Spans(this.waitColumns));
  }

  private closeGap(id: number, ms: number): void {
    const position = this.openGaps.get(id);
    if (position !== undefined) {
      this.taskRows.get(id)?.gaps.close(position, ms);
      this.openGaps.delete(id);
    }
  }
}

/** Removes the leading items for which `gone` holds; returns how many. */
function dropPrefix<T>(list: T[], gone: (t: T) => boolean): number {
  let k = 0;
  while (k < list.length && gone(list[k] as T)) k++;
  if (k > 0) list.splice(0, k);
  return k;
}

function addLateness(stats: LatenessStats, ms: number): void {
  stats.count++;
  stats.sumMs += ms;
  if (ms > stats.maxMs) stats.maxMs = ms;
}

function newJsItem(e: JsTraceEvent, from?: JsItem): JsItem {
  const isTimer = JS_TIMER_APIS.has(e.api);
  return {
    id: e.id,
    api: e.api,
    label: e.label ?? from?.label ?? '',
    scheduledMs: from?.scheduledMs ?? e.ms,
    delayMs: e.delayMs ?? from?.delayMs ?? NaN,
    deadlineMs: isTimer ? (e.deadlineMs ?? NaN) : NaN,
    startMs: NaN,
    endMs: NaN,
    latenessMs: NaN,
    cancelled: false,
    runs: 0,
  };
}

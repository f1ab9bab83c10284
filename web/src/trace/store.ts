// The bounded recording of one run (docs/architecture.md section 4): the
// runner appends what the sandbox sends, the views read it and redraw.
//
// Core events are kept column-wise in typed arrays (a run can produce
// millions), in chunks that are never copied (chunks.ts), with each event's
// time already placed on the shared ms axis. When the recording passes its
// capacity the oldest events are dropped in eighths of it (their chunks are
// reused), and the loop state at the new first event is kept, so the
// inspector stays exact for every retained index and the views can say how
// much was dropped.
import { Kind, type JsStreamRecord, type JsTraceEvent, type TraceBatch } from './format';
import { Chunks, DEFAULT_CHUNK_SIZE } from './chunks';
import { makeColumns, type Columns } from './columns';
import { LoopState } from './loopState';
import { TraceIndex } from './traceIndex';
import { checkBatch, checkJsEvent } from './validate';

export interface TraceStoreOptions {
  /** Core events kept; older ones are dropped (and counted). Default 1,000,000. */
  capacity?: number;
  /** Events (and event log entries) a chunk of the recording holds. Default 16,384; tests use small ones. */
  chunkSize?: number;
}

export type ClockKind = 'real' | 'virtual' | 'unknown';

const DEFAULT_CAPACITY = 1_000_000;

/** The numbers a core event is kept as, column by column in each chunk. */
const EVENT_COLUMNS = {
  ms: Float64Array,
  time: Float64Array,
  value: Float64Array,
  kind: Uint8Array,
  id: Uint32Array,
  ref: Uint32Array,
} as const;
type EventChunk = Columns<typeof EVENT_COLUMNS>;
const CHECKPOINT_EVERY = 16_384;

export class TraceStore {
  readonly capacity: number;
  /** Absolute index of the first retained core event (events before it were dropped). */
  firstIndex = 0;
  /** Absolute index one past the last core event. */
  endIndex = 0;
  /** Events the runtime's own bounded recorder dropped (sum of `batch.dropped`). */
  droppedByRecorder = 0;
  /** Task names and failure messages, from the batches' side tables. */
  readonly names = new Map<number, string>();
  readonly errors = new Map<number, string>();
  /** Clear messages about input the store had to reject (bad batches or events). */
  readonly problems: string[] = [];
  /** Bumped on every change, so a view can tell whether it must redraw. */
  revision = 0;
  clock: ClockKind = 'unknown';
  /** Bumped by every reset(), so views can tell a new run from more of the same one. */
  runs = 0;
  /** The derived data the timeline and log draw. */
  index: TraceIndex;
  jsEventCount = 0;
  /** JS callbacks that ran without being recorded (the sandbox's per-macrotask bound). */
  jsUnrecorded = 0;

  /** The events from firstIndex to endIndex: event `i` is at `i % events.size` in `events.of(i)`. */
  private readonly events: Chunks<EventChunk>;
  private base = new LoopState(); // the state at firstIndex
  private live = new LoopState(); // the state at endIndex
  // Made lazily by stateAt (scrubbing), never while a run streams in: ascending index, all > firstIndex.
  private checkpoints: LoopState[] = [];
  private cursor: LoopState | null = null; // the last stateAt() answer, reused when moving forward
  private listeners = new Set<() => void>();
  // Per batch: where its events start and its frame's (wallMs, loopTime) anchor.
  private anchors: { index: number; wallMs: number; loopTime: number }[] = [];

  constructor(options: TraceStoreOptions = {}) {
    const capacity = options.capacity ?? DEFAULT_CAPACITY;
    if (!Number.isInteger(capacity) || capacity < 16) {
      throw new RangeError(`TraceStore capacity must be an integer of at least 16 events, got ${String(capacity)}`);
    }
    this.capacity = capacity;
    this.events = new Chunks(options.chunkSize ?? DEFAULT_CHUNK_SIZE, (size) => makeColumns(EVENT_COLUMNS, size));
    this.index = new TraceIndex(this.events.size);
  }

  /** Events dropped by the store's own bound. */
  get droppedByStore(): number {
    return this.firstIndex;
  }

  get length(): number {
    return this.endIndex - this.firstIndex;
  }

  /** A new run begins: forget everything. */
  reset(options: { clock?: ClockKind } = {}): void {
    this.firstIndex = 0;
    this.endIndex = 0;
    this.droppedByRecorder = 0;
    this.names.clear();
    this.errors.clear();
    this.problems.length = 0;
    this.clock = options.clock ?? 'unknown';
    this.events.clear();
    this.index = new TraceIndex(this.events.size, this.index);
    this.jsEventCount = 0;
    this.jsUnrecorded = 0;
    this.base = new LoopState();
    this.live = new LoopState();
    this.checkpoints = [];
    this.cursor = null;
    this.anchors = [];
    this.runs++;
    this.changed();
  }

  appendCore(batch: TraceBatch): void {
    const problem = checkBatch(batch);
    if (problem !== null) {
      this.reject(`Trace batch of frame ${String((batch as { frame?: unknown }).frame)} rejected: ${problem}`);
      return;
    }
    for (const [id, name] of batch.names) this.names.set(id, name);
    if (batch.names.length > 0) this.index.expectTasks(batch.names.length);
    for (const [id, message] of batch.errors) this.errors.set(id, message);
    this.droppedByRecorder += batch.dropped;
    this.reserve(batch.count);
    const { f64, u32, wallMs, loopTime } = batch;
    this.anchors.push({ index: this.endIndex, wallMs, loopTime });
    const isTask = (id: number): boolean => this.live.tasks.has(id) || this.names.has(id);
    for (let i = 0; i < batch.count; i++) {
      const time = f64[2 * i] ?? 0;
      const value = f64[2 * i + 1] ?? 0;
      const kind = u32[3 * i] ?? 0;
      const id = u32[3 * i + 1] ?? 0;
      const ref = u32[3 * i + 2] ?? 0;
      // Both streams share one axis: ms since the run began, anchored per frame.
      const ms = wallMs + (time - loopTime) * 1000;
      const index = this.endIndex++;
      const chunk = this.events.of(index) as EventChunk; // reserved above
      const at = index % this.events.size;
      chunk.ms[at] = ms;
      chunk.time[at] = time;
      chunk.value[at] = value;
      chunk.kind[at] = kind;
      chunk.id[at] = id;
      chunk.ref[at] = ref;
      this.live.apply(kind, id, ref, value);
      this.index.core(index, kind, id, ref, value, time, ms, isTask);
    }
    this.changed();
  }

  appendJs(events: readonly JsStreamRecord[]): void {
    if (!Array.isArray(events)) {
      this.reject('JS trace events rejected: expected an array of events');
      return;
    }
    for (const e of events) {
      const kind = (e as { kind?: unknown }).kind;
      if (kind === 'blocked') {
        const b = e as unknown as { startMs: number; endMs: number };
        this.appendBlockedQuietly(b.startMs, b.endMs);
        continue;
      }
      if (kind === 'unrecorded') {
        const count = (e as unknown as { count: unknown }).count;
        if (typeof count === 'number' && Number.isInteger(count) && count > 0) this.jsUnrecorded += count;
        else this.reject(`Unrecorded record rejected: count must be a positive whole number, got ${String(count)}`);
        continue;
      }
      const problem = checkJsEvent(e as JsTraceEvent);
      if (problem !== null) {
        this.reject(`JS trace event rejected: ${problem}`);
        continue;
      }
      this.jsEventCount++;
      this.index.js(e as JsTraceEvent, this.endIndex);
    }
    this.changed();
  }

  appendBlocked(startMs: number, endMs: number): void {
    this.appendBlockedQuietly(startMs, endMs);
    this.changed();
  }

  /** Calls `listener` after every change; views coalesce redraws to one per frame. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- reading ---------------------------------------------------------------

  msAt(index: number): number {
    return this.events.of(index)?.ms[index % this.events.size] ?? NaN;
  }
  timeAt(index: number): number {
    return this.events.of(index)?.time[index % this.events.size] ?? NaN;
  }
  kindAt(index: number): number {
    return this.events.of(index)?.kind[index % this.events.size] ?? 0;
  }
  idAt(index: number): number {
    return this.events.of(index)?.id[index % this.events.size] ?? 0;
  }
  refAt(index: number): number {
    return this.events.of(index)?.ref[index % this.events.size] ?? 0;
  }
  valueAt(index: number): number {
    return this.events.of(index)?.value[index % this.events.size] ?? NaN;
  }

  /**
   * Loop-clock seconds (a deadline, say) on the shared ms axis, anchored to
   * the frame that recorded event `index` (default: the latest frame).
   */
  loopToMs(seconds: number, index = this.endIndex): number {
    const a = this.anchors;
    let lo = 0;
    let hi = a.length - 1;
    if (hi < 0) return seconds * 1000;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((a[mid]?.index ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    const anchor = a[lo] ?? { wallMs: 0, loopTime: 0 };
    return anchor.wallMs + (seconds - anchor.loopTime) * 1000;
  }

  /** The name of a task: its own, or `task <id>` when it has none. */
  nameOf(id: number): string {
    return this.names.get(id) ?? `task ${id}`;
  }

  /**
   * The C++ loop's state after the first `index` events (clamped to the
   * retained window). The answer is shared: read it, do not change it.
   */
  stateAt(index: number): Readonly<LoopState> {
    const target = Math.max(this.firstIndex, Math.min(this.endIndex, Math.floor(index)));
    if (target === this.endIndex) return this.live;
    let from: LoopState = this.base;
    let at = 0; // where a new checkpoint goes in the sorted list
    for (const c of this.checkpoints) {
      if (c.index > target) break;
      from = c;
      at++;
    }
    let state: LoopState;
    const cursor = this.cursor;
    if (cursor !== null && cursor.index <= target && cursor.index >= from.index) state = cursor;
    else state = from.clone();
    for (let i = state.index; i < target; i++) {
      this.applyEvent(state, i);
      // Leave checkpoints behind, so the next jump back replays little.
      if ((i + 1) % CHECKPOINT_EVERY === 0) this.checkpoints.splice(at++, 0, state.clone());
    }
    this.cursor = state;
    return state;
  }

  /** Index just after the resume_begin before `index` (for "step back"), or firstIndex. */
  previousResume(index: number): number {
    for (let i = Math.min(index, this.endIndex) - 2; i >= this.firstIndex; i--) {
      if (this.kindAt(i) === Kind.resumeBegin) return i + 1;
    }
    return this.firstIndex;
  }

  /** Index just after the next resume_begin at or after `index`, or endIndex. */
  nextResume(index: number): number {
    for (let i = Math.max(index, this.firstIndex); i < this.endIndex; i++) {
      if (this.kindAt(i) === Kind.resumeBegin) return i + 1;
    }
    return this.endIndex;
  }

  // --- internals -------------------------------------------------------------

  private appendBlockedQuietly(startMs: number, endMs: number): void {
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) {
      this.reject(`Blocked record rejected: expected finite startMs <= endMs, got ${String(startMs)}..${String(endMs)}`);
      return;
    }
    this.index.block(startMs, endMs, this.endIndex);
  }

  private reject(message: string): void {
    // Keep the first hundred: one bad producer must not fill memory with the same message.
    if (this.problems.length < 100) this.problems.push(message);
    this.changed();
  }

  private changed(): void {
    this.revision++;
    for (const listener of this.listeners) listener();
  }

  /** Makes room for `count` more events, dropping the oldest past the capacity. */
  private reserve(count: number): void {
    const needed = this.length + count;
    if (needed > this.capacity) {
      // Drop an eighth of the capacity at a time, so the index's drops (its
      // rows' runs and waits, the log) are rare.
      const drop = Math.min(this.length, Math.max(needed - this.capacity, this.capacity >> 3));
      this.dropOldest(drop);
    }
    this.events.reserve(this.endIndex + count);
  }

  /** Applies event `index` (a retained one) to `state`. */
  private applyEvent(state: LoopState, index: number): void {
    const c = this.events.of(index) as EventChunk;
    const k = index % this.events.size;
    state.apply(c.kind[k] ?? 0, c.id[k] ?? 0, c.ref[k] ?? 0, c.value[k] ?? 0);
  }

  private dropOldest(count: number): void {
    if (count <= 0) return;
    const newFirst = this.firstIndex + count;
    // Advance the base state over the dropped events so stateAt stays exact.
    let base = this.base;
    for (const c of this.checkpoints) if (c.index <= newFirst) base = c;
    base = base === this.base ? base : base.clone();
    for (let i = base.index; i < newFirst; i++) this.applyEvent(base, i);
    this.base = base;
    this.checkpoints = this.checkpoints.filter((c) => c.index > newFirst);
    this.cursor = null;
    this.events.release(newFirst);
    this.firstIndex = newFirst;
    this.index.dropBefore(newFirst);
    // Keep the anchor in force at the new first event, drop the older ones.
    let firstAnchor = 0;
    while (firstAnchor + 1 < this.anchors.length && (this.anchors[firstAnchor + 1]?.index ?? Infinity) <= newFirst) firstAnchor++;
    this.anchors.splice(0, firstAnchor);
  }
}

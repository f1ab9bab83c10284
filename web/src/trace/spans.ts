// Timeline rows' runs or waits, kept column-wise. A busy C++ loop records a
// run and a wait per resume, millions in a long run: as objects they would
// all survive into the old generation, and the garbage collector would take
// the page's frames. Here an item is a row of numbers, and an object is made
// only for what is shown (runBar, waitGap).
//
// The numbers of every row of one sort (all runs, or all waits) live in one
// SpanColumns, typed arrays that grow by doubling; a row (Spans) keeps only
// the slots of its own items. That matters because a run with 10,000 tasks
// has 20,000 rows, most holding a few items: six columns per row cost the
// views' bench about 1.7 KB a task, all of it copied by every minor garbage
// collection while it was young (scavenges of 20-30 ms, two frames each).
//
// Items are appended in time order and never overlap within one row (a loop
// runs one item at a time, and a task waits between its runs), so a row is
// sorted by start, and the views find what is on screen by binary search.
// Positions within a row are absolute: dropping the oldest items does not
// move the others (the event log points at items by row and position).
import { grown } from './columns';

/** One typed array per number an item has. */
interface Columns {
  start: Float64Array;
  end: Float64Array;
  index: Float64Array;
  value: Float64Array;
  id: Uint32Array;
  kind: Uint32Array;
}

const COLUMN_KEYS = ['start', 'end', 'index', 'value', 'id', 'kind'] as const;

function columns(size: number): Columns {
  return {
    start: new Float64Array(size),
    end: new Float64Array(size),
    index: new Float64Array(size),
    value: new Float64Array(size),
    id: new Uint32Array(size),
    kind: new Uint32Array(size),
  };
}

/** The items of many rows, column by column; a slot is one item. */
export class SpanColumns {
  private c: Columns;
  /** Slots handed out; dropped items keep theirs until `compactIfSparse`. */
  used = 0;

  constructor(size = 64) {
    this.c = columns(size);
  }

  add(id: number, startMs: number, index: number, kind: number, value: number): number {
    if (this.used === this.c.start.length) this.grow(this.used * 2);
    const slot = this.used++;
    const c = this.c;
    c.start[slot] = startMs;
    c.end[slot] = NaN;
    c.index[slot] = index;
    c.value[slot] = value;
    c.id[slot] = id;
    c.kind[slot] = kind;
    return slot;
  }

  setEnd(slot: number, endMs: number): void {
    this.c.end[slot] = endMs;
  }

  startMs(slot: number): number {
    return this.c.start[slot] ?? NaN;
  }
  endMs(slot: number): number {
    return this.c.end[slot] ?? NaN;
  }
  index(slot: number): number {
    return this.c.index[slot] ?? -1;
  }
  id(slot: number): number {
    return this.c.id[slot] ?? 0;
  }
  kind(slot: number): number {
    return this.c.kind[slot] ?? 0;
  }
  value(slot: number): number {
    return this.c.value[slot] ?? 0;
  }

  /**
   * Once most slots belong to dropped items (the bounded recording drops the
   * oldest), copies the kept items of `rows` (every row that uses these
   * columns) to the front and gives each row its new slots. Returns whether
   * it compacted.
   */
  compactIfSparse(rows: Iterable<Spans>): boolean {
    const list = [...rows];
    const kept = list.reduce((n, r) => n + r.length, 0);
    if (this.used <= 1024 || this.used < 2 * kept) return false;
    const old = this.c;
    const c = (this.c = columns(Math.max(64, 2 * kept)));
    this.used = 0;
    for (const row of list) {
      row.moveSlots((slot) => {
        const to = this.used++;
        for (const key of COLUMN_KEYS) c[key][to] = old[key][slot] ?? 0;
        return to;
      });
    }
    return true;
  }

  /** Moves to columns of `size` slots, keeping the slots in use where they are. */
  private grow(size: number): void {
    const { c, used } = this;
    this.c = {
      start: grown(c.start, size, used),
      end: grown(c.end, size, used),
      index: grown(c.index, size, used),
      value: grown(c.value, size, used),
      id: grown(c.id, size, used),
      kind: grown(c.kind, size, used),
    };
  }
}

/** One row's runs or waits: its items' slots in a SpanColumns shared with other rows. */
export class Spans {
  /** Absolute position of the first item kept (those before it were dropped). */
  first = 0;
  // Slots of the kept items, in order. A plain array of small integers, which
  // V8 keeps unboxed: cheaper to make than a typed array for a row of three.
  private slots: number[] = [];

  constructor(private readonly cols: SpanColumns = new SpanColumns()) {}

  /** Items kept. */
  get length(): number {
    return this.slots.length;
  }

  /** Absolute position one past the last item. */
  get end(): number {
    return this.first + this.slots.length;
  }

  /**
   * Appends an item that has begun (its end is NaN until `close`); returns
   * its absolute position. `index` is the core event that began it, `kind`
   * and `value` what a wait waits on (0 for runs).
   */
  open(id: number, startMs: number, index: number, kind = 0, value = 0): number {
    const position = this.end;
    this.slots.push(this.cols.add(id, startMs, index, kind, value));
    return position;
  }

  close(position: number, endMs: number): void {
    const at = position - this.first;
    if (at >= 0 && at < this.slots.length) this.cols.setEnd(this.slots[at] ?? 0, endMs);
  }

  // Readers by local index i (0 = the first item kept), the hot path of a redraw.
  startMs(i: number): number {
    const slot = this.slots[i];
    return slot === undefined ? NaN : this.cols.startMs(slot);
  }
  endMs(i: number): number {
    const slot = this.slots[i];
    return slot === undefined ? NaN : this.cols.endMs(slot);
  }
  index(i: number): number {
    const slot = this.slots[i];
    return slot === undefined ? -1 : this.cols.index(slot);
  }
  id(i: number): number {
    const slot = this.slots[i];
    return slot === undefined ? 0 : this.cols.id(slot);
  }
  kind(i: number): number {
    const slot = this.slots[i];
    return slot === undefined ? 0 : this.cols.kind(slot);
  }
  value(i: number): number {
    const slot = this.slots[i];
    return slot === undefined ? 0 : this.cols.value(slot);
  }

  /** Local index of the first item that starts at or after `ms` (searching from `from`). */
  lowerBound(ms: number, from = 0): number {
    let lo = from;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.startMs(mid) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Drops the leading items that began before core event `index` and have
   * ended (an item still going stays, with everything after it). Returns
   * how many went. Their slots stay taken until the columns compact.
   */
  dropEndedBefore(index: number): number {
    const kept = this.slots.length;
    let k = 0;
    while (k < kept && this.index(k) < index && !Number.isNaN(this.endMs(k))) k++;
    if (k === 0) return 0;
    this.slots.splice(0, k);
    this.first += k;
    return k;
  }

  /** For SpanColumns.compact: moves each kept item to the slot `move` gives. */
  moveSlots(move: (slot: number) => number): void {
    for (let i = 0; i < this.slots.length; i++) this.slots[i] = move(this.slots[i] ?? 0);
  }
}

// Timeline rows' runs or waits, kept column-wise. A busy C++ loop records a
// run and a wait per resume, millions in a long run: as objects they would
// all survive into the old generation, and the garbage collector would take
// the page's frames. Here an item is a row of numbers, and an object is made
// only for what is shown (runBar, waitGap).
//
// The numbers of every row of one sort (all runs, or all waits) live in one
// SpanColumns (chunked typed arrays, columns.ts); a row (Spans) keeps only
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
import { CHUNK, ChunkedColumn, f64Column, u32Column } from './columns';

/** One column per number an item has. */
interface Columns {
  start: ChunkedColumn;
  end: ChunkedColumn;
  index: ChunkedColumn;
  value: ChunkedColumn;
  id: ChunkedColumn;
  kind: ChunkedColumn;
}

/**
 * The items of many rows, column by column; a slot is one item. Slots are
 * handed out in order and never reused; a chunk of slots is freed once the
 * rows have forgotten every item in it (the bounded recording drops the
 * oldest), so the memory held follows what is kept, with nothing copied.
 */
export class SpanColumns {
  private readonly c: Columns = {
    start: f64Column(),
    end: f64Column(),
    index: f64Column(-1),
    value: f64Column(0),
    id: u32Column(),
    kind: u32Column(),
  };
  /** Slots handed out. */
  used = 0;
  /** Items still kept, per chunk of slots. */
  private readonly kept = new Map<number, number>();

  add(id: number, startMs: number, index: number, kind: number, value: number): number {
    const slot = this.used++;
    const chunk = Math.floor(slot / CHUNK);
    // A new chunk: the one before may have been emptied while it was still being filled.
    if (slot % CHUNK === 0 && chunk > 0 && !this.kept.has(chunk - 1)) this.free(chunk - 1);
    this.kept.set(chunk, (this.kept.get(chunk) ?? 0) + 1);
    const c = this.c;
    c.start.set(slot, startMs);
    c.end.set(slot, NaN);
    c.index.set(slot, index);
    c.value.set(slot, value);
    c.id.set(slot, id);
    c.kind.set(slot, kind);
    return slot;
  }

  /** A row has forgotten the item in `slot`. */
  release(slot: number): void {
    const chunk = Math.floor(slot / CHUNK);
    const left = (this.kept.get(chunk) ?? 1) - 1;
    if (left > 0) {
      this.kept.set(chunk, left);
      return;
    }
    this.kept.delete(chunk);
    // The chunk being filled stays (add frees it once it is full, if still empty).
    if (chunk !== Math.floor((this.used - 1) / CHUNK)) this.free(chunk);
  }

  /** Chunks of slots held: the memory taken is CHUNK items each. */
  get chunksHeld(): number {
    return this.c.start.chunksHeld;
  }

  setEnd(slot: number, endMs: number): void {
    this.c.end.set(slot, endMs);
  }

  startMs(slot: number): number {
    return this.c.start.get(slot);
  }
  endMs(slot: number): number {
    return this.c.end.get(slot);
  }
  index(slot: number): number {
    return this.c.index.get(slot);
  }
  id(slot: number): number {
    return this.c.id.get(slot);
  }
  kind(slot: number): number {
    return this.c.kind.get(slot);
  }
  value(slot: number): number {
    return this.c.value.get(slot);
  }

  private free(chunk: number): void {
    for (const col of Object.values(this.c)) col.free(chunk);
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
   * how many went. Their slots are released: a chunk of slots whose items
   * are all gone is freed.
   */
  dropEndedBefore(index: number): number {
    const kept = this.slots.length;
    let k = 0;
    while (k < kept && this.index(k) < index && !Number.isNaN(this.endMs(k))) k++;
    if (k === 0) return 0;
    for (const slot of this.slots.splice(0, k)) this.cols.release(slot);
    this.first += k;
    return k;
  }
}

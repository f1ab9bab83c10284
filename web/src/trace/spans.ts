// A timeline row's runs or waits, kept column-wise in typed arrays. A busy
// C++ loop records a run and a wait per resume, millions in a long run: as
// objects they would all survive into the old generation, and the garbage
// collector would take the page's frames (a busy loop's trace used to cost
// the main thread several microseconds an event). Here an item is a row of
// numbers, and an object is made only for what is shown (`at(i)`).
//
// Items are appended in time order and never overlap within one row (a loop
// runs one item at a time, and a task waits between its runs), so the list is
// sorted by start, and the views find what is on screen by binary search.
// Positions are absolute: dropping the oldest items does not move the others.

const EMPTY_F64 = new Float64Array(0);
const EMPTY_U32 = new Uint32Array(0);
const EMPTY_U8 = new Uint8Array(0);

export class Spans {
  /** Absolute position of the first item kept (those before it were dropped). */
  first = 0;
  /** Absolute position one past the last item. */
  end = 0;
  // Empty until the first item: a run with 10,000 tasks makes 20,000 of these,
  // most of them holding a handful of items.
  private startCol = EMPTY_F64;
  private endCol = EMPTY_F64;
  private indexCol = EMPTY_F64;
  private valueCol = EMPTY_F64;
  private idCol = EMPTY_U32;
  private kindCol = EMPTY_U8;

  /** Items kept. */
  get length(): number {
    return this.end - this.first;
  }

  /**
   * Appends an item that has begun (its end is NaN until `close`); returns
   * its absolute position. `index` is the core event that began it, `kind`
   * and `value` what a wait waits on (0 for runs).
   */
  open(id: number, startMs: number, index: number, kind = 0, value = 0): number {
    let at = this.end - this.first;
    if (at === this.startCol.length) {
      this.grow();
      at = this.end - this.first;
    }
    this.startCol[at] = startMs;
    this.endCol[at] = NaN;
    this.indexCol[at] = index;
    this.valueCol[at] = value;
    this.idCol[at] = id;
    this.kindCol[at] = kind;
    return this.end++;
  }

  close(position: number, endMs: number): void {
    const at = position - this.first;
    if (at >= 0 && at < this.end - this.first) this.endCol[at] = endMs;
  }

  // Readers by local index i (0 = the first item kept), the hot path of a redraw.
  startMs(i: number): number {
    return this.startCol[i] ?? NaN;
  }
  endMs(i: number): number {
    return this.endCol[i] ?? NaN;
  }
  index(i: number): number {
    return this.indexCol[i] ?? -1;
  }
  id(i: number): number {
    return this.idCol[i] ?? 0;
  }
  kind(i: number): number {
    return this.kindCol[i] ?? 0;
  }
  value(i: number): number {
    return this.valueCol[i] ?? 0;
  }

  /** Local index of the first item that starts at or after `ms` (searching from `from`). */
  lowerBound(ms: number, from = 0): number {
    let lo = from;
    let hi = this.end - this.first;
    const col = this.startCol;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((col[mid] ?? Infinity) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Drops the leading items that began before core event `index` and have
   * ended (an item still going stays, with everything after it). Returns
   * how many went.
   */
  dropEndedBefore(index: number): number {
    const kept = this.end - this.first;
    let k = 0;
    while (k < kept && (this.indexCol[k] ?? Infinity) < index && !Number.isNaN(this.endCol[k] ?? NaN)) k++;
    if (k === 0) return 0;
    for (const col of this.columns()) col.copyWithin(0, k, kept);
    this.first += k;
    return k;
  }

  private columns(): (Float64Array | Uint32Array | Uint8Array)[] {
    return [this.startCol, this.endCol, this.indexCol, this.valueCol, this.idCol, this.kindCol];
  }

  private grow(): void {
    const kept = this.end - this.first;
    const size = Math.max(4, this.startCol.length * 2);
    const grow = <T extends Float64Array | Uint32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from.subarray(0, kept));
      return to;
    };
    this.startCol = grow(this.startCol, new Float64Array(size));
    this.endCol = grow(this.endCol, new Float64Array(size));
    this.indexCol = grow(this.indexCol, new Float64Array(size));
    this.valueCol = grow(this.valueCol, new Float64Array(size));
    this.idCol = grow(this.idCol, new Uint32Array(size));
    this.kindCol = grow(this.kindCol, new Uint8Array(size));
  }
}

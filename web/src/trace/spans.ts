// A timeline row's runs or waits, kept column-wise. A busy C++ loop records a
// run and a wait per resume, millions in a long run: as objects they would
// all survive into the old generation, and the garbage collector would take
// the page's frames (a busy loop's trace used to cost the main thread several
// microseconds an event). Here an item is a row of numbers, and an object is
// made only for what is shown (runBar, waitGap).
//
// The columns are plain arrays of numbers, which V8 keeps unboxed (packed
// doubles and small integers) in one backing store each: as cheap for the
// collector as typed arrays, and far cheaper to make. That matters because a
// run with 10,000 tasks makes 20,000 of these, most holding a few items (six
// typed arrays each cost the views' bench a quarter of its frames).
//
// Items are appended in time order and never overlap within one row (a loop
// runs one item at a time, and a task waits between its runs), so the list is
// sorted by start, and the views find what is on screen by binary search.
// Positions are absolute: dropping the oldest items does not move the others.

export class Spans {
  /** Absolute position of the first item kept (those before it were dropped). */
  first = 0;
  private startCol: number[] = [];
  private endCol: number[] = [];
  private indexCol: number[] = [];
  private valueCol: number[] = [];
  private idCol: number[] = [];
  private kindCol: number[] = [];

  /** Items kept. */
  get length(): number {
    return this.startCol.length;
  }

  /** Absolute position one past the last item. */
  get end(): number {
    return this.first + this.startCol.length;
  }

  /**
   * Appends an item that has begun (its end is NaN until `close`); returns
   * its absolute position. `index` is the core event that began it, `kind`
   * and `value` what a wait waits on (0 for runs).
   */
  open(id: number, startMs: number, index: number, kind = 0, value = 0): number {
    const position = this.end;
    this.startCol.push(startMs);
    this.endCol.push(NaN);
    this.indexCol.push(index);
    this.valueCol.push(value);
    this.idCol.push(id);
    this.kindCol.push(kind);
    return position;
  }

  close(position: number, endMs: number): void {
    const at = position - this.first;
    if (at >= 0 && at < this.endCol.length) this.endCol[at] = endMs;
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
    let hi = this.startCol.length;
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
    const kept = this.startCol.length;
    let k = 0;
    while (k < kept && (this.indexCol[k] ?? Infinity) < index && !Number.isNaN(this.endCol[k] ?? NaN)) k++;
    if (k === 0) return 0;
    for (const col of [this.startCol, this.endCol, this.indexCol, this.valueCol, this.idCol, this.kindCol]) col.splice(0, k);
    this.first += k;
    return k;
  }
}

// Timeline rows' runs or waits, kept column-wise. A busy C++ loop records a
// run and a wait per resume, millions in a long run: as objects they would
// all survive into the old generation, and the garbage collector would take
// the page's frames. Here an item is a row of numbers, and an object is made
// only for what is shown (runBar, waitGap).
//
// The numbers of every row of one sort (all runs, or all waits) live in one
// SpanColumns, typed arrays that grow by doubling. A row (Spans) owns a
// region of them, its items side by side, and is itself a handful of numbers.
// That matters because a run with 10,000 tasks has 20,000 rows, most holding
// a few items. Anything a row allocates per task survives, and in a page's
// first run (before V8 learns to allocate such objects straight into the old
// generation) each minor garbage collection copies every survivor made since
// the last one. When each row also kept an array of its slots, the first
// 10,000-task run of bench/page/page-tasks.mjs kept 4.4 MB of such objects
// and had 2-3 scavenges of 8-14 ms; with regions, 2.5 MB and one.
//
// A row that fills its region moves to a region twice the size at the end
// (or grows in place when it is the last), leaving a hole. Dropping a row's
// oldest items leaves a hole at its front; a row that fills its region with
// such a hole of a sixteenth of its items or more slides its items back
// over it instead, so the rows of a long bounded run go round in their own
// regions. When holes make up half of what was handed out, the next growth
// first compacts, in place: every row's region moves to the front, side by
// side, with its room for more (at most as much again as it holds). The
// columns double only if that did not make room.
//
// Items are appended in time order and never overlap within one row (a loop
// runs one item at a time, and a task waits between its runs), so a row is
// sorted by start, and the views find what is on screen by binary search.
// Positions within a row are absolute: dropping the oldest items does not
// move the others (the event log points at items by row and position).
import { grownColumns, makeColumns, type Columns } from './columns';

/** The numbers an item has. */
const SPAN_COLUMNS = {
  start: Float64Array,
  end: Float64Array,
  index: Float64Array,
  value: Float64Array,
  id: Uint32Array,
  kind: Uint32Array,
} as const;
const COLUMN_KEYS = Object.keys(SPAN_COLUMNS) as (keyof typeof SPAN_COLUMNS)[];

/** A new row's region: a task of the talk's round-robin runs three times and waits twice. */
const FIRST_ROOM = 4;
/** The most slots reserveRegions sets aside ahead: first regions for 16,384 rows. */
const MAX_PROMISED = 16_384 * FIRST_ROOM;

/** The items of many rows, column by column; each row owns a region of slots. */
export class SpanColumns {
  /** Read by Spans directly: the hot path of a redraw. Replaced when the columns grow. */
  c: Columns<typeof SPAN_COLUMNS>;
  /** Slots handed out to regions, holes included. */
  used = 0;
  /** Slots handed out that no row owns any more: regions rows moved out of, dropped items. */
  private holes = 0;
  /** The rows that own a region, so a compaction can move them all. */
  private owners: Spans[] = [];
  /**
   * Slots set aside (reserveRegions) for rows named since a row last took a
   * first region: names come in slices before the events, and each slice's
   * room adds to the last. Once rows take regions the room is there, and
   * this starts again from 0, so names whose rows never come (a task
   * cancelled before it ran has no runs) do not add up over a long run.
   */
  private promised = 0;

  constructor(size = 64) {
    this.c = makeColumns(SPAN_COLUMNS, Math.max(FIRST_ROOM, size));
  }

  /** Slots in each column. */
  get size(): number {
    return this.c.start.length;
  }

  /** Items kept, over every row. */
  get kept(): number {
    let n = 0;
    for (const row of this.owners) n += row.length;
    return n;
  }

  /**
   * Makes room now for `rows` rows to come, a first region each. The trace
   * names a run's tasks before their spawns (a snippet spawning 10,000 names
   * them all at once), and room made then copies next to nothing. Made
   * region by region during the spawns instead, the columns doubled six
   * times in a fresh page's first 10,000-task run, the last two copying
   * about 1-1.5 MB each into fresh memory: 3 and 5-8 ms, for the runs' and
   * then the waits' columns, each inside one slice of the trace feed, whose
   * budget is 2 ms a frame.
   */
  reserveRegions(rows: number): void {
    // At most a 16,384-task run's worth ahead (2.6 MB of columns): a snippet
    // naming a million tasks at once does not get 160 MB before its first
    // spawn (its bounded recording may never hold them all); past that, rows
    // make room as they come, as before.
    this.promised = Math.min(this.promised + rows * FIRST_ROOM, MAX_PROMISED);
    if (this.used + this.promised > this.size) this.growOrCompact(this.promised);
  }

  /**
   * Gives `row`, whose region is full, room for at least one more item: its
   * region grown where it is when it is the last one, else a region twice
   * its size at the end, its items copied over.
   */
  makeRoom(row: Spans): void {
    if (this.slidesBack(row)) return;
    const want = Math.max(FIRST_ROOM, 2 * row.length);
    if (this.growsInPlace(row, want)) return;
    if (this.used + want > this.size) {
      this.growOrCompact(want);
      if (this.growsInPlace(row, want)) return;
    }
    const at = this.used;
    this.used += want;
    if (row.owned) {
      const c = this.c;
      for (const key of COLUMN_KEYS) c[key].copyWithin(at, row.at, row.at + row.length);
      this.holes += row.room;
    } else {
      this.owners.push(row);
      row.owned = true;
      this.promised = 0;
    }
    row.at = at;
    row.regionAt = at;
    row.room = want;
  }

  /**
   * Empties the columns for the next run's rows, keeping their size: a run
   * needs about what the run before it needed, and on the bench VM memory
   * written before costs far less to write than fresh memory (see compact).
   * The rows of the run before are left empty, so one still read by mistake
   * shows nothing rather than the next run's items.
   */
  clear(): void {
    for (const row of this.owners) row.forget();
    this.owners = [];
    this.used = 0;
    this.holes = 0;
    this.promised = 0;
  }

  /** A row dropped its `n` oldest items. */
  dropped(n: number): void {
    this.holes += n;
  }

  /**
   * Once most slots handed out hold nothing kept (holes, or room rows have
   * not filled), copies every row's kept items to the front, side by side.
   * The bounded recording calls it after dropping, so the room taken stays
   * in proportion to what is kept. Returns whether it compacted.
   */
  compactIfSparse(): boolean {
    const kept = this.kept;
    if (this.used <= 1024 || this.used < 2 * kept) return false;
    this.compact();
    return true;
  }

  /**
   * Moves the row's items back to its region's start, over the slots of the
   * items it dropped, when those are a sixteenth of its items or more. In a
   * long bounded run the store drops its oldest events an eighth of its
   * capacity at a time, so a busy row frees about that much at its front;
   * moving it to a region twice its size at the end instead soon doubled the
   * columns. A sixteenth bounds the copying: at most 16 items moved for each
   * slot gained.
   */
  private slidesBack(row: Spans): boolean {
    const free = row.at - row.regionAt;
    if (!row.owned || free < Math.max(FIRST_ROOM, row.length >> 4)) return false;
    const c = this.c;
    for (const key of COLUMN_KEYS) c[key].copyWithin(row.regionAt, row.at, row.at + row.length);
    row.at = row.regionAt;
    row.room += free;
    this.holes -= free;
    return true;
  }

  private growsInPlace(row: Spans, want: number): boolean {
    if (!row.owned || row.at + row.room !== this.used || row.at + want > this.size) return false;
    this.used = row.at + want;
    row.room = want;
    return true;
  }

  /**
   * Makes room for `want` more slots: compacts when holes are half of what
   * was handed out (only holes: rows' unfilled room is theirs to fill), else
   * doubles the columns.
   */
  private growOrCompact(want: number): void {
    if (2 * this.holes >= this.used) this.compact();
    if (this.used + want > this.size) this.grow(Math.max(2 * this.size, this.used + want));
  }

  private grow(size: number): void {
    this.c = grownColumns(SPAN_COLUMNS, this.c, size, this.used);
  }

  /**
   * Moves every row's region (its kept items and its room for more, at most
   * as much again as it holds, as a move would give it), side by side, to
   * the front, in place. With no room left, every busy row of a long run
   * moved to the end at its next item, just after the compaction: the first
   * drop of a 1.8M-event run doubled the columns so (~150 of its 224-273 ms
   * in node, bench/page/long-recording.mjs; 28-29 ms since). On
   * the bench VM the first write to fresh memory costs far more than the
   * copy (filling a new 1 MB Float64Array took 2-15 ms, filling it again
   * 0.1 ms). Rows left empty give up their region. Rows go in the order of
   * their regions, and a region only shrinks, so each moves down over slots
   * already moved from. The columns keep their size: what a long bounded run
   * needed once, it needs again.
   */
  private compact(): void {
    const c = this.c;
    const owners = this.owners.filter((row) => {
      if (row.length > 0) return true;
      row.forget();
      return false;
    });
    owners.sort((a, b) => a.at - b.at);
    let to = 0;
    for (const row of owners) {
      const n = row.length;
      if (row.at !== to) for (const key of COLUMN_KEYS) c[key].copyWithin(to, row.at, row.at + n);
      row.at = to;
      row.regionAt = to;
      row.room = Math.min(row.room, Math.max(FIRST_ROOM, 2 * n));
      to += row.room;
    }
    this.used = to;
    this.holes = 0;
    this.owners = owners;
  }
}

/** One row's runs or waits: a region of a SpanColumns shared with other rows. */
export class Spans {
  /** Absolute position of the first item kept (those before it were dropped). */
  first = 0;
  /** Where this row's first kept item is in the columns, and how many slots its region has from there. */
  at = 0;
  room = 0;
  /** Where its region begins: the slots from there to `at` held items it dropped. */
  regionAt = 0;
  /** Whether the columns count this row among the owners of a region (see SpanColumns.makeRoom). */
  owned = false;
  private count = 0;

  constructor(private readonly cols: SpanColumns = new SpanColumns()) {}

  /** Items kept. */
  get length(): number {
    return this.count;
  }

  /** Gives up its items and its region (it has none left, or the columns were cleared for another run). */
  forget(): void {
    this.count = 0;
    this.at = 0;
    this.room = 0;
    this.regionAt = 0;
    this.owned = false;
  }

  /** Absolute position one past the last item. */
  get end(): number {
    return this.first + this.count;
  }

  /**
   * Appends an item that has begun (its end is NaN until `close`); returns
   * its absolute position. `index` is the core event that began it, `kind`
   * and `value` what a wait waits on (0 for runs).
   */
  open(id: number, startMs: number, index: number, kind = 0, value = 0): number {
    if (this.count === this.room) this.cols.makeRoom(this);
    const slot = this.at + this.count;
    const c = this.cols.c;
    c.start[slot] = startMs;
    c.end[slot] = NaN;
    c.index[slot] = index;
    c.value[slot] = value;
    c.id[slot] = id;
    c.kind[slot] = kind;
    return this.first + this.count++;
  }

  close(position: number, endMs: number): void {
    const i = position - this.first;
    if (i >= 0 && i < this.count) this.cols.c.end[this.at + i] = endMs;
  }

  // Readers by local index i (0 = the first item kept), the hot path of a redraw.
  startMs(i: number): number {
    return i >= 0 && i < this.count ? (this.cols.c.start[this.at + i] ?? NaN) : NaN;
  }
  endMs(i: number): number {
    return i >= 0 && i < this.count ? (this.cols.c.end[this.at + i] ?? NaN) : NaN;
  }
  index(i: number): number {
    return i >= 0 && i < this.count ? (this.cols.c.index[this.at + i] ?? -1) : -1;
  }
  id(i: number): number {
    return i >= 0 && i < this.count ? (this.cols.c.id[this.at + i] ?? 0) : 0;
  }
  kind(i: number): number {
    return i >= 0 && i < this.count ? (this.cols.c.kind[this.at + i] ?? 0) : 0;
  }
  value(i: number): number {
    return i >= 0 && i < this.count ? (this.cols.c.value[this.at + i] ?? 0) : 0;
  }

  /** Local index of the first item that starts at or after `ms` (searching from `from`). */
  lowerBound(ms: number, from = 0): number {
    const start = this.cols.c.start;
    let lo = from;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((start[this.at + mid] ?? NaN) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Drops the leading items that began before core event `index` and have
   * ended (an item still going stays, with everything after it). Returns
   * how many went. Their slots are a hole until the columns compact.
   */
  dropEndedBefore(index: number): number {
    let k = 0;
    while (k < this.count && this.index(k) < index && !Number.isNaN(this.endMs(k))) k++;
    if (k === 0) return 0;
    this.cols.dropped(k);
    this.at += k;
    this.room -= k;
    this.count -= k;
    this.first += k;
    return k;
  }
}

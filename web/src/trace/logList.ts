// The event log's entries, in arrival order. Runs and waits (two per resume,
// most of a busy run's log) are kept as numbers that point into their row's
// Spans, and spawns and ends (two per task) as numbers too; they become
// objects only when read (`at`): the log view shows the newest hundred or
// so, and a million retained objects would cost the page its frames in
// garbage collection. The rarer entries (timers, JS callbacks, blocks) are
// kept as the objects they are. The numbers are kept column by column, in
// chunks that are never copied (chunks.ts).

import { Chunks, DEFAULT_CHUNK_SIZE } from './chunks';
import { makeColumns, type Columns } from './columns';

/**
 * What a compact entry is: a run or a wait of the row of `rowId` (0:
 * callbacks) at `position`; or the spawn (`position` = parent) or end
 * (`position` = how it ended) of task `rowId`.
 */
export const Ref = { object: 0, run: 1, wait: 2, spawn: 3, final: 4 } as const;
export type RefKind = (typeof Ref)[keyof typeof Ref];

/** The numbers a compact entry is kept as, column by column in each chunk. */
const ENTRY_COLUMNS = {
  kind: Uint8Array,
  ms: Float64Array,
  index: Float64Array,
  ref: Float64Array, // a position in a row's Spans, or in `objects`
  row: Uint32Array,
} as const;
type EntryChunk = Columns<typeof ENTRY_COLUMNS>;

export class LogList<Entry extends { readonly ms: number; readonly index: number }> {
  /** Entries dropped from the front: entry `at(i)` is number `dropped + i` of the run. */
  dropped = 0;
  /** Entry `at(i)` is in `chunks.of(dropped + i)`, at `(dropped + i) % chunks.size`. */
  private readonly chunks: Chunks<EntryChunk>;
  private count = 0;
  private objects: Entry[] = [];
  private objectsFirst = 0; // absolute number of objects[0]

  /** `previous`: a log of the run before, whose chunks of that size this one takes over; it reads as empty afterwards. */
  constructor(
    private readonly resolve: (ref: RefKind, rowId: number, position: number, ms: number, index: number) => Entry | undefined,
    chunkSize = DEFAULT_CHUNK_SIZE,
    previous?: LogList<Entry>,
  ) {
    this.chunks =
      previous !== undefined && previous.chunks.size === chunkSize
        ? previous.handOver()
        : new Chunks(chunkSize, (size) => makeColumns(ENTRY_COLUMNS, size));
  }

  /** Empties this log and gives up its chunks, cleared, to the next run's log. */
  private handOver(): Chunks<EntryChunk> {
    this.chunks.clear();
    this.count = 0;
    this.dropped = 0;
    this.objects = [];
    this.objectsFirst = 0;
    return this.chunks;
  }

  get length(): number {
    return this.count;
  }

  push(entry: Entry): void {
    this.append(Ref.object, entry.ms, entry.index, this.objectsFirst + this.objects.length, 0);
    this.objects.push(entry);
  }

  pushRef(ref: Exclude<RefKind, typeof Ref.object>, ms: number, index: number, rowId: number, position: number): void {
    this.append(ref, ms, index, position, rowId);
  }

  msAt(i: number): number {
    if (i < 0 || i >= this.count) return NaN;
    const n = this.dropped + i;
    return this.chunks.of(n)?.ms[n % this.chunks.size] ?? NaN;
  }

  /** The core event count when entry i arrived (the event it belongs to, for core entries). */
  indexAt(i: number): number {
    if (i < 0 || i >= this.count) return Infinity;
    const n = this.dropped + i;
    return this.chunks.of(n)?.index[n % this.chunks.size] ?? Infinity;
  }

  /** Entry i as an object (made now for runs and waits, so read it, do not keep it). */
  at(i: number): Entry | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const n = this.dropped + i;
    const c = this.chunks.of(n);
    if (c === undefined) return undefined;
    const k = n % this.chunks.size;
    const kind = (c.kind[k] ?? 0) as RefKind;
    const ref = c.ref[k] ?? 0;
    if (kind === Ref.object) return this.objects[ref - this.objectsFirst];
    return this.resolve(kind, c.row[k] ?? 0, ref, c.ms[k] ?? NaN, c.index[k] ?? 0);
  }

  *[Symbol.iterator](): IterableIterator<Entry> {
    for (let i = 0; i < this.count; i++) {
      const e = this.at(i);
      if (e !== undefined) yield e;
    }
  }

  /** Drops the leading entries of core index below `index`; returns how many. */
  dropBefore(index: number): number {
    let k = 0;
    while (k < this.count && this.indexAt(k) < index) k++;
    if (k === 0) return 0;
    // The objects the dropped entries held go too: the first kept object is the first object entry kept.
    let firstObject = this.objectsFirst + this.objects.length;
    for (let i = k; i < this.count; i++) {
      const n = this.dropped + i;
      const c = this.chunks.of(n);
      if (c !== undefined && c.kind[n % this.chunks.size] === Ref.object) {
        firstObject = c.ref[n % this.chunks.size] ?? firstObject;
        break;
      }
    }
    this.objects.splice(0, firstObject - this.objectsFirst);
    this.objectsFirst = firstObject;
    this.count -= k;
    this.dropped += k;
    this.chunks.release(this.dropped);
    return k;
  }

  private append(kind: RefKind, ms: number, index: number, ref: number, rowId: number): void {
    const n = this.dropped + this.count++;
    this.chunks.reserve(n + 1);
    const c = this.chunks.of(n) as EntryChunk; // reserved just now
    const k = n % this.chunks.size;
    c.kind[k] = kind;
    c.ms[k] = ms;
    c.index[k] = index;
    c.ref[k] = ref;
    c.row[k] = rowId;
  }
}

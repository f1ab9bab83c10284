// The event log's entries, in arrival order. Runs and waits (two per resume,
// most of a busy run's log) are kept as numbers that point into their row's
// Spans, and spawns and ends (two per task) as numbers too; they become
// objects only when read (`at`): the log view shows the newest hundred or
// so, and a million retained objects would cost the page its frames in
// garbage collection. The rarer entries (timers, JS callbacks, blocks) are
// kept as the objects they are.

/**
 * What a compact entry is: a run or a wait of the row of `rowId` (0:
 * callbacks) at `position`; or the spawn (`position` = parent) or end
 * (`position` = how it ended) of task `rowId`.
 */
import { f64Column, u32Column, u8Column } from './columns';

export const Ref = { object: 0, run: 1, wait: 2, spawn: 3, final: 4 } as const;
export type RefKind = (typeof Ref)[keyof typeof Ref];

export class LogList<Entry extends { readonly ms: number; readonly index: number }> {
  /** Entries dropped from the front: entry `at(i)` is number `dropped + i` of the run. */
  dropped = 0;
  // Columns by absolute entry number (dropped + i).
  private kind = u8Column();
  private msCol = f64Column();
  private indexCol = f64Column(Infinity);
  private ref = f64Column(0); // a position in a row's Spans, or in `objects`
  private rowCol = u32Column();
  private count = 0;
  private objects: Entry[] = [];
  private objectsFirst = 0; // absolute number of objects[0]

  constructor(private readonly resolve: (ref: RefKind, rowId: number, position: number, ms: number, index: number) => Entry | undefined) {}

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
    return i >= 0 && i < this.count ? this.msCol.get(this.dropped + i) : NaN;
  }

  /** The core event count when entry i arrived (the event it belongs to, for core entries). */
  indexAt(i: number): number {
    return i >= 0 && i < this.count ? this.indexCol.get(this.dropped + i) : Infinity;
  }

  /** Entry i as an object (made now for runs and waits, so read it, do not keep it). */
  at(i: number): Entry | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const n = this.dropped + i;
    const kind = this.kind.get(n) as RefKind;
    const ref = this.ref.get(n);
    if (kind === Ref.object) return this.objects[ref - this.objectsFirst];
    return this.resolve(kind, this.rowCol.get(n), ref, this.msCol.get(n), this.indexCol.get(n));
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
      if (this.kind.get(this.dropped + i) === Ref.object) {
        firstObject = this.ref.get(this.dropped + i);
        break;
      }
    }
    this.objects.splice(0, firstObject - this.objectsFirst);
    this.objectsFirst = firstObject;
    this.count -= k;
    this.dropped += k;
    for (const col of [this.kind, this.msCol, this.indexCol, this.ref, this.rowCol]) col.dropBefore(this.dropped);
    return k;
  }

  private append(kind: RefKind, ms: number, index: number, ref: number, rowId: number): void {
    const n = this.dropped + this.count++;
    this.kind.set(n, kind);
    this.msCol.set(n, ms);
    this.indexCol.set(n, index);
    this.ref.set(n, ref);
    this.rowCol.set(n, rowId);
  }
}

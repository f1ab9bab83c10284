// The event log's entries, in arrival order. Runs and waits (two per resume,
// most of a busy run's log) are kept as numbers that point into their row's
// Spans, and spawns and ends (two per task) as numbers too; they become
// objects only when read (`at`): the log view shows the newest hundred or
// so, and a million retained objects would cost the page its frames in
// garbage collection. The rarer entries (timers, JS callbacks, blocks) are
// kept as the objects they are.

import { grown } from './columns';

/**
 * What a compact entry is: a run or a wait of the row of `rowId` (0:
 * callbacks) at `position`; or the spawn (`position` = parent) or end
 * (`position` = how it ended) of task `rowId`.
 */
export const Ref = { object: 0, run: 1, wait: 2, spawn: 3, final: 4 } as const;
export type RefKind = (typeof Ref)[keyof typeof Ref];

export class LogList<Entry extends { readonly ms: number; readonly index: number }> {
  /** Entries dropped from the front: entry `at(i)` is number `dropped + i` of the run. */
  dropped = 0;
  private kind = new Uint8Array(256);
  private msCol = new Float64Array(256);
  private indexCol = new Float64Array(256);
  private ref = new Float64Array(256); // a position in a row's Spans, or in `objects`
  private rowCol = new Uint32Array(256);
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
    return this.msCol[i] ?? NaN;
  }

  /** The core event count when entry i arrived (the event it belongs to, for core entries). */
  indexAt(i: number): number {
    return this.indexCol[i] ?? Infinity;
  }

  /** Entry i as an object (made now for runs and waits, so read it, do not keep it). */
  at(i: number): Entry | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const kind = (this.kind[i] ?? 0) as RefKind;
    const ref = this.ref[i] ?? 0;
    if (kind === Ref.object) return this.objects[ref - this.objectsFirst];
    return this.resolve(kind, this.rowCol[i] ?? 0, ref, this.msCol[i] ?? NaN, this.indexCol[i] ?? 0);
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
    while (k < this.count && (this.indexCol[k] ?? Infinity) < index) k++;
    if (k === 0) return 0;
    // The objects the dropped entries held go too: the first kept object is the first object entry kept.
    let firstObject = this.objectsFirst + this.objects.length;
    for (let i = k; i < this.count; i++) {
      if (this.kind[i] === Ref.object) {
        firstObject = this.ref[i] ?? firstObject;
        break;
      }
    }
    this.objects.splice(0, firstObject - this.objectsFirst);
    this.objectsFirst = firstObject;
    for (const col of [this.kind, this.msCol, this.indexCol, this.ref, this.rowCol]) col.copyWithin(0, k, this.count);
    this.count -= k;
    this.dropped += k;
    return k;
  }

  private append(kind: RefKind, ms: number, index: number, ref: number, rowId: number): void {
    if (this.count === this.kind.length) this.grow();
    const at = this.count++;
    this.kind[at] = kind;
    this.msCol[at] = ms;
    this.indexCol[at] = index;
    this.ref[at] = ref;
    this.rowCol[at] = rowId;
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const n = this.count;
    this.kind = grown(this.kind, size, n);
    this.msCol = grown(this.msCol, size, n);
    this.indexCol = grown(this.indexCol, size, n);
    this.ref = grown(this.ref, size, n);
    this.rowCol = grown(this.rowCol, size, n);
  }
}

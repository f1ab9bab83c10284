// Slots numbered from 0 up for as long as a run goes, held in chunks of a
// fixed size: the trace store's events and the event log's entries.
//
// Columns that double copy themselves into fresh memory all at once, inside
// one trace-feed slice; and a bounded recording that drops its oldest events
// moved the rest to the front: 875,000 events, ~29 MB, at each drop. Chunks
// are never copied: a new one is written a slot at a time, and the oldest
// ones, once dropped, are reused. A 20 s spin (SPIN_MS=20000 node
// bench/page/busy-loop.mjs, 2.4M events) left the page 11 long tasks in four
// runs, 797 ms of them, with doubling columns; 6 and 475 ms with chunks.
// (A first 10,000-task run gained nothing measurable: there, the first writes
// into a new chunk's memory cost what the copies did.)

/**
 * The slots a chunk of the store or the log holds: ~530 KB of the store's
 * columns, a new chunk every ~0.14 s in the fastest stream measured (a spin,
 * 120,000 events a second).
 */
export const DEFAULT_CHUNK_SIZE = 16_384;

export class Chunks<Chunk> {
  /** The chunks in use, oldest first: `list[k]` holds slots from `(first + k) * size`. */
  private list: Chunk[] = [];
  private first = 0;
  /** Chunks no longer in use, kept for the next ones needed: what a long run needed once, it needs again. */
  private readonly spare: Chunk[] = [];

  constructor(
    /** Slots a chunk holds. */
    readonly size: number,
    private readonly make: (size: number) => Chunk,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`A chunk must hold a whole number of slots, at least 1, got ${String(size)}`);
  }

  /** The chunk holding slot `slot` (its place in it is `slot % size`), or undefined if none does. */
  of(slot: number): Chunk | undefined {
    return this.list[Math.floor(slot / this.size) - this.first];
  }

  /** Makes sure every slot below `end` from the first kept chunk on has a chunk. */
  reserve(end: number): void {
    while ((this.first + this.list.length) * this.size < end) this.list.push(this.spare.pop() ?? this.make(this.size));
  }

  /** Slots below `start` are no longer read: the chunks wholly below it become spare. */
  release(start: number): void {
    const n = Math.min(this.list.length, Math.floor(start / this.size) - this.first);
    if (n <= 0) return;
    for (const chunk of this.list.splice(0, n)) this.spare.push(chunk);
    this.first += n;
  }

  /** Numbering starts again from 0; every chunk becomes spare. */
  clear(): void {
    for (const chunk of this.list) this.spare.push(chunk);
    this.list = [];
    this.first = 0;
  }
}

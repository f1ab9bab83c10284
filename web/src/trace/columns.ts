// The trace's columns (the store's events, the log's entries, the rows' runs
// and waits): numbers addressed by an absolute position, kept in typed arrays
// of a fixed size, the chunks. Growing makes one more chunk and copies
// nothing; forgetting old positions frees whole chunks. A doubling array
// copies all it holds into fresh memory at each growth, in one go: a long run
// paused the page 25-150 ms at each doubling (bench/page/long-recording.mjs),
// where chunks spread the cost of fresh memory over the writes.

/** Positions per chunk. */
export const CHUNK = 16_384;

type Column = Float64Array | Uint32Array | Uint8Array;

export class ChunkedColumn {
  // chunks[k] holds positions (firstChunk + k) * CHUNK onwards; a freed one is undefined.
  private chunks: (Column | undefined)[] = [];
  private firstChunk = 0;

  /** `make` makes one chunk; `missing` is read where nothing is kept. */
  constructor(
    private readonly make: (length: number) => Column,
    private readonly missing: number,
  ) {}

  get(position: number): number {
    const chunk = this.chunks[Math.floor(position / CHUNK) - this.firstChunk];
    return chunk === undefined ? this.missing : (chunk[position % CHUNK] ?? this.missing);
  }

  /** Writes a position not yet forgotten (writes go forward: new chunks are made as needed). */
  set(position: number, value: number): void {
    const at = Math.floor(position / CHUNK) - this.firstChunk;
    if (at < 0) return;
    while (this.chunks.length <= at) this.chunks.push(this.make(CHUNK));
    let chunk = this.chunks[at];
    if (chunk === undefined) chunk = this.chunks[at] = this.make(CHUNK);
    chunk[position % CHUNK] = value;
  }

  /** Forgets everything: positions start again at 0. */
  clear(): void {
    this.chunks = [];
    this.firstChunk = 0;
  }

  /** Forgets every position before `position`, freeing the chunks that held only those. */
  dropBefore(position: number): void {
    const gone = Math.min(this.chunks.length, Math.floor(position / CHUNK) - this.firstChunk);
    if (gone <= 0) return;
    this.chunks.splice(0, gone);
    this.firstChunk += gone;
  }

  /** Frees chunk number `chunk` (position / CHUNK): its positions read as missing. */
  free(chunk: number): void {
    const at = chunk - this.firstChunk;
    if (at >= 0 && at < this.chunks.length) this.chunks[at] = undefined;
    // Freed chunks at the front go for good.
    let lead = 0;
    while (lead < this.chunks.length - 1 && this.chunks[lead] === undefined) lead++;
    if (lead > 0) {
      this.chunks.splice(0, lead);
      this.firstChunk += lead;
    }
  }

  /** Chunks held (memory: CHUNK values each). */
  get chunksHeld(): number {
    return this.chunks.reduce((n, c) => n + (c === undefined ? 0 : 1), 0);
  }
}

export const f64Column = (missing = NaN): ChunkedColumn => new ChunkedColumn((n) => new Float64Array(n), missing);
export const u32Column = (): ChunkedColumn => new ChunkedColumn((n) => new Uint32Array(n), 0);
export const u8Column = (): ChunkedColumn => new ChunkedColumn((n) => new Uint8Array(n), 0);

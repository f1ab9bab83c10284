// Redraws at most once per animation frame, however many trace messages
// arrive in between: the loops' own frames must not wait on the views.
export class FrameScheduler {
  private pending = 0;
  private readonly jobs = new Set<() => void>();
  private dirty = new Set<() => void>();

  add(job: () => void): void {
    this.jobs.add(job);
  }

  /** Marks one job (or all) to run on the next frame. */
  request(job?: () => void): void {
    if (job === undefined) for (const j of this.jobs) this.dirty.add(j);
    else this.dirty.add(job);
    if (this.pending === 0) this.pending = requestAnimationFrame(() => this.run());
  }

  cancel(): void {
    if (this.pending !== 0) cancelAnimationFrame(this.pending);
    this.pending = 0;
    this.dirty.clear();
  }

  private run(): void {
    this.pending = 0;
    const jobs = this.dirty;
    this.dirty = new Set();
    for (const job of jobs) job();
  }
}
